import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { assetsDir } from '../paths.js';

/**
 * The caption font bundled in assets/fonts (NotoSans-Bold.ttf, SIL OFL 1.1, licence in
 * OFL.txt beside it). ASS styles name fonts by *family*; libass finds the file through the
 * `fontsdir` the compile graph passes, so renders look the same on every machine. Scripts the
 * bundled font lacks (CJK, Arabic, emoji) fall back to fontconfig's system fonts.
 */
export const captionFontFamily = 'Noto Sans';
/** Alias kept for existing imports. */
export const CAPTION_FONT_FAMILY = captionFontFamily;

const FONT_FILE = /\.(ttf|otf|ttc)$/i;

export function fontsDir(): string {
  return path.join(assetsDir(), 'fonts');
}

const digests = new Map<string, Promise<string>>();

/**
 * sha256 over the sorted font file names and their bytes: part of the captions and compile cache
 * keys, so changing or adding a font re-renders instead of serving old pixels. Memoised per
 * folder (read once per process); a failed read is not memoised.
 */
export function fontsDigest(dir: string = fontsDir()): Promise<string> {
  let p = digests.get(dir);
  if (!p) {
    p = computeDigest(dir);
    digests.set(dir, p);
    p.catch(() => digests.delete(dir));
  }
  return p;
}

async function computeDigest(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((n) => FONT_FILE.test(n)).sort();
  const hash = createHash('sha256');
  for (const name of names) {
    const bytes = await readFile(path.join(dir, name));
    // Length-prefixed fields: no two different folders can hash the same byte stream.
    hash.update(`${Buffer.byteLength(name)}:${name}:${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
