/**
 * Lists the pictures under a footage folder (or a single file the creator added): every clip
 * and still by extension, hidden files and folders skipped, symlinked folders not followed (no
 * loops), with size, mtime and name tags. Nothing is opened but sidecars, so a folder of
 * thousands of files is listed in well under a second.
 */
import { lstat, opendir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { footageKind, sidecarPath } from './media-kinds.js';
import { nameTags } from './name-tags.js';
import type { ScannedFile } from './repository.js';

const MAX_DEPTH = 16;
const SIDECAR_MAX_BYTES = 64 * 1024;

export interface ScanResult {
  files: ScannedFile[];
  /** Entries that could not be read (permissions), named for the creator. */
  problems: string[];
}

export async function scanSource(source: string, onCount?: (n: number) => void): Promise<ScanResult> {
  let st;
  try {
    st = await stat(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError('input', `${source} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(err)})`}: check the path, or remove it with "reelforge footage remove".`, source);
  }
  const out: ScanResult = { files: [], problems: [] };
  if (st.isFile()) {
    const kind = footageKind(source);
    if (!kind) throw new UserError('input', `${source} is not a clip or a still Reelforge knows (by its extension): add video files, pictures, or a folder of them.`, source);
    out.files.push({ path: source, kind, size: st.size, mtimeMs: st.mtimeMs, tags: nameTags(source, path.dirname(source), await readSidecar(source)) });
    return out;
  }
  if (!st.isDirectory()) throw new UserError('input', `${source} is neither a file nor a folder.`, source);
  await walk(source, source, 0, out, onCount);
  out.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

async function walk(root: string, dir: string, depth: number, out: ScanResult, onCount?: (n: number) => void): Promise<void> {
  if (depth > MAX_DEPTH) return;
  let handle;
  try {
    handle = await opendir(dir);
  } catch (err) {
    out.problems.push(`${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return;
  }
  for await (const entry of handle) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(root, full, depth + 1, out, onCount);
      continue;
    }
    const kind = footageKind(entry.name);
    if (!kind) continue;
    try {
      // A symlinked file is followed (stat); a symlinked folder is not (it was not a Dirent directory).
      const st = entry.isSymbolicLink() ? await stat(full) : await lstat(full);
      if (!st.isFile()) continue;
      out.files.push({ path: full, kind, size: st.size, mtimeMs: st.mtimeMs, tags: nameTags(full, root, await readSidecar(full)) });
      if (out.files.length % 200 === 0) onCount?.(out.files.length);
    } catch (err) {
      out.problems.push(`${full}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
}

async function readSidecar(file: string): Promise<string | null> {
  try {
    const text = await readFile(sidecarPath(file), 'utf8');
    return text.slice(0, SIDECAR_MAX_BYTES);
  } catch {
    return null;
  }
}
