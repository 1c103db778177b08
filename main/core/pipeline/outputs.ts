import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/** Write a text file whole or not at all: a temp name in the same folder, then rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * `<slug>`, unless that name already holds a different video (two jobs on one topic with other
 * presets or voices): then `<slug>-2`, `<slug>-3`… The same request keeps its name.
 */
export async function chooseBaseName(outDir: string, slug: string, key: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const base = n === 1 ? slug : `${slug}-${n}`;
    let existing: { key?: string } | null = null;
    try {
      existing = JSON.parse(await readFile(path.join(outDir, `${base}.json`), 'utf8')) as { key?: string };
    } catch {
      existing = null;
    }
    if (existing === null || existing.key === key) return base;
  }
  return `${slug}-${key.slice(0, 8)}`;
}

/** Copy the finished video out of the cache (never a link) plus its captions, thumbnail and manifest. */
export async function writeOutputs(
  outDir: string,
  manifest: RenderManifest,
  files: { video: FileHit; thumbnail: FileHit; srt: string },
): Promise<RenderManifest['outputs']> {
  const base = path.join(outDir, await chooseBaseName(outDir, manifest.slug, manifest.key));
  const outputs: RenderManifest['outputs'] = { mp4: `${base}.mp4`, srt: `${base}.srt`, json: `${base}.json`, thumbnail: `${base}.jpg` };
  // Shots (#11): the editable plan, and the stock credits to paste under the post.
  if (manifest.shots) outputs.shots = `${base}.shots.json`;
  if (manifest.credits && manifest.credits.length > 0) outputs.credits = `${base}.credits.txt`;
  try {
    await copyOut(files.video, outputs.mp4);
    await copyOut(files.thumbnail, outputs.thumbnail);
    await writeFileAtomic(outputs.srt, files.srt);
    if (outputs.shots && manifest.shots) await writeFileAtomic(outputs.shots, `${JSON.stringify(manifest.shots, null, 2)}\n`);
    if (outputs.credits && manifest.credits) await writeFileAtomic(outputs.credits, creditsText(manifest.title, manifest.credits));
    await writeFileAtomic(outputs.json, `${JSON.stringify({ ...manifest, outputs }, null, 2)}\n`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError('io', `Cannot write the video to ${outDir} (${code}): check free space and permissions.`, outDir);
  }
  return outputs;
}
