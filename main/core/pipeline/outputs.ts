import { constants } from 'node:fs';
import { access, lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceFileAtomically } from '../cache/durable-io.js';
import { copyOut } from '../cache/export.js';
import type { FileHit } from '../cache/types.js';
import { UserError } from '../errors.js';
import { creditsText } from '../stock/credits.js';
import type { RenderManifest } from './types.js';

/** Fail before any expensive work when the output folder can't take the video. */
export async function assertWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError('io', `Cannot write to the output folder ${dir} (${code}): choose another --out folder or fix its permissions.`, dir);
  }
}

/** A text file next to the video, whole or not at all (no fsync: it is rewritten on every hit). */
export function writeFileAtomic(file: string, text: string): Promise<void> {
  return replaceFileAtomically(file, text, { durable: false });
}

/** Every file a render writes next to the video, by what follows the base name. A new output is added here. */
export const OUTPUT_SUFFIXES = ['.mp4', '.srt', '.json', '.jpg', '.shots.json', '.credits.txt'] as const;

/** A manifest (or the reservation writeOutputs puts in its place) that Reelforge wrote for this video. */
function isOwnManifest(text: string, key: string): boolean {
  try {
    const m = JSON.parse(text) as { version?: unknown; key?: unknown } | null;
    return typeof m === 'object' && m !== null && m.version === 1 && m.key === key;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

type NameState = 'ours' | 'free' | 'taken';

/** Whether `base` may be written: its set is this video's own, no file of the set exists, or neither. */
async function nameState(outDir: string, base: string, key: string): Promise<NameState> {
  let manifest: string | null = null;
  try {
    manifest = await readFile(path.join(outDir, `${base}.json`), 'utf8');
  } catch {
    manifest = null;
  }
  if (manifest !== null && isOwnManifest(manifest, key)) return 'ours';
  for (const suffix of OUTPUT_SUFFIXES) if (await exists(path.join(outDir, `${base}${suffix}`))) return 'taken';
  return 'free';
}

/**
 * `<slug>`, unless any file of that name's set exists and is not this video's own (a user's
 * `holiday.mp4`, another video on the same topic with another voice): then `<slug>-2`,
 * `<slug>-3`… The same request keeps its name and replaces its own set, and only that.
 */
export async function chooseBaseName(outDir: string, slug: string, key: string): Promise<{ base: string; reserved: boolean }> {
  for (let n = 1; n < 1000; n++) {
    const base = n === 1 ? slug : `${slug}-${n}`;
    const state = await nameState(outDir, base, key);
    if (state === 'ours') return { base, reserved: false };
    if (state === 'taken') continue;
    // Claim the name before the copies start, so a job rendering beside this one (or another
    // process on the same folder) cannot pick it too; the real manifest replaces this at the end.
    try {
      await writeFile(path.join(outDir, `${base}.json`), `${JSON.stringify({ version: 1, key, writing: true })}\n`, { flag: 'wx' });
      return { base, reserved: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new UserError('io', `${outDir} already holds 999 videos named ${slug}…: choose another output folder.`, outDir);
}

/** Copy the finished video out of the cache (never a link) plus its captions, thumbnail and manifest. */
export async function writeOutputs(
  outDir: string,
  manifest: RenderManifest,
  files: { video: FileHit; thumbnail: FileHit; srt: string },
): Promise<RenderManifest['outputs']> {
  let claimed: RenderManifest['outputs'] | null = null;
  try {
    const chosen = await chooseBaseName(outDir, manifest.slug, manifest.key);
    const base = path.join(outDir, chosen.base);
    const outputs: RenderManifest['outputs'] = { mp4: `${base}.mp4`, srt: `${base}.srt`, json: `${base}.json`, thumbnail: `${base}.jpg` };
    // Shots (#11): the editable plan, and the stock credits to paste under the post.
    if (manifest.shots) outputs.shots = `${base}.shots.json`;
    if (manifest.credits && manifest.credits.length > 0) outputs.credits = `${base}.credits.txt`;
    if (chosen.reserved) claimed = outputs;
    await copyOut(files.video, outputs.mp4);
    await copyOut(files.thumbnail, outputs.thumbnail);
    await writeFileAtomic(outputs.srt, files.srt);
    if (outputs.shots && manifest.shots) await writeFileAtomic(outputs.shots, `${JSON.stringify(manifest.shots, null, 2)}\n`);
    if (outputs.credits && manifest.credits) await writeFileAtomic(outputs.credits, creditsText(manifest.title, manifest.credits));
    await writeFileAtomic(outputs.json, `${JSON.stringify({ ...manifest, outputs }, null, 2)}\n`);
    return outputs;
  } catch (err) {
    // A name claimed for a set that never completed goes back (every file in it is ours), so
    // the next render can have it.
    if (claimed) for (const file of Object.values(claimed)) await rm(file, { force: true }).catch(() => undefined);
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError('io', `Cannot write the video to ${outDir} (${code}): check free space and permissions.`, outDir);
  }
}
