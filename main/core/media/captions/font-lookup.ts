/**
 * A style's font family → the name libass will match, the file it will use and its metrics.
 * Bundled fonts (assets/fonts, passed to libass as fontsdir) are found by any of their names;
 * installed fonts through fontconfig (`fc-match`, what libass itself asks on Linux). A family
 * that is neither is refused with the way to list what is there. Where fontconfig does not
 * exist (macOS, Windows builds without it) the name is handed to libass as is and widths are
 * estimated conservatively.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../errors.js';
import { EMOJI_FONT_FAMILY } from './emoji.js';
import { parseFont, type FontMetrics } from './font-metrics.js';

const run = promisify(execFile);
const FONT_FILE = /\.(ttf|otf|ttc)$/i;

export interface ResolvedFont {
  /** The family written into the ASS style. */
  family: string;
  /** The font file libass will load, when known. */
  file: string | null;
  metrics: FontMetrics | null;
  /** What identifies the bytes, for cache keys (bundled fonts are covered by the fonts digest). */
  identity: string;
}

interface Bundled {
  file: string;
  metrics: FontMetrics;
}

const bundledByDir = new Map<string, Promise<Bundled[]>>();

function loadBundled(dir: string): Promise<Bundled[]> {
  let p = bundledByDir.get(dir);
  if (!p) {
    p = (async () => {
      const names = (await readdir(dir)).filter((n) => FONT_FILE.test(n)).sort();
      const out: Bundled[] = [];
      for (const name of names) {
        const file = path.join(dir, name);
        try {
          out.push({ file, metrics: parseFont(await readFile(file), file) });
        } catch {
          // Not a font we can read: libass may still, we just cannot measure it.
        }
      }
      return out;
    })();
    bundledByDir.set(dir, p);
    p.catch(() => bundledByDir.delete(dir));
  }
  return p;
}

const same = (a: string, b: string): boolean => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

const installed = new Map<string, Promise<ResolvedFont | null | 'no-fontconfig'>>();

/** fontconfig's best match for a family, or null when it would substitute another family. */
function fcMatch(family: string, bold: boolean): Promise<ResolvedFont | null | 'no-fontconfig'> {
  const key = `${family}\u0000${bold}`;
  let p = installed.get(key);
  if (!p) {
    p = (async () => {
      let out: string;
      try {
        // fontconfig patterns escape '-', ':', ',' and '\' with a backslash.
        const pattern = `${family.replace(/[\\\-:,]/g, (c) => `\\${c}`)}:weight=${bold ? 'bold' : 'regular'}`;
        out = (await run('fc-match', ['-f', '%{file}\n%{family}\n', pattern], { timeout: 10_000 })).stdout;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'no-fontconfig';
        throw err;
      }
      const [file = '', families = ''] = out.split('\n');
      if (!families.split(',').some((f) => same(f.trim(), family))) return null;
      let metrics: FontMetrics | null = null;
      let identity = `installed:${family}:${file}`;
      try {
        const [bytes, st] = await Promise.all([readFile(file), stat(file)]);
        metrics = parseFont(bytes, file);
        identity = `${identity}:${st.size}:${Math.round(st.mtimeMs)}`;
      } catch {
        metrics = null;
      }
      return { family, file, metrics, identity };
    })();
    installed.set(key, p);
    p.catch(() => installed.delete(key));
  }
  return p;
}

/** The font a style names, from the bundled folder or the system. */
export async function resolveFont(family: string, bold: boolean, bundledDir: string): Promise<ResolvedFont> {
  const bundled = (await loadBundled(bundledDir)).filter((b) => b.metrics.families.some((f) => same(f, family)));
  const pick = bundled.find((b) => b.metrics.bold === bold) ?? bundled[0];
  if (pick) {
    return { family: pick.metrics.families[0] ?? family, file: pick.file, metrics: pick.metrics, identity: `bundled:${path.basename(pick.file)}` };
  }
  const found = await fcMatch(family, bold);
  if (found === 'no-fontconfig') return { family, file: null, metrics: null, identity: `system:${family}` };
  if (found === null) {
    const names = [...new Set((await loadBundled(bundledDir)).map((b) => b.metrics.families.at(-1) ?? ''))].filter(Boolean).join(', ');
    throw new UserError('input', `The font "${family}" is neither bundled (${names}) nor installed: pick one of those, or an installed family from "fc-list : family".`, 'font');
  }
  return found;
}

/** Whether the emoji font is installed (libass cannot draw colour emoji; Symbola it can). */
export async function emojiFontAvailable(): Promise<boolean> {
  const found = await fcMatch(EMOJI_FONT_FAMILY, false).catch(() => null);
  // Without fontconfig we cannot tell: assume the platform's font fallback draws something.
  return found === 'no-fontconfig' || (found !== null && found.family === EMOJI_FONT_FAMILY);
}

/**
 * Which code points the emoji font draws, for emoji an LLM chose (the offline table's are all
 * covered: keywords.test.ts). Where fontconfig or the font's table cannot tell, every one is
 * taken as drawable, as emojiFontAvailable does.
 */
export async function emojiFontCoverage(): Promise<(codePoint: number) => boolean> {
  const found = await fcMatch(EMOJI_FONT_FAMILY, false).catch(() => null);
  if (found === null) return () => false;
  if (found === 'no-fontconfig' || found.metrics === null) return () => true;
  const metrics = found.metrics;
  return (cp) => metrics.has(cp);
}
