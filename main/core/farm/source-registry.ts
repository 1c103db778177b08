/**
 * Inputs the controller took in for farm jobs (background clips, music, the shots' clips and
 * stills, voice-overs, logos): digest → where the file is on this machine. The blob endpoint
 * serves them from there by digest, so a 4K clip is never copied into the cache just to be
 * shipped; a file that changed since it was hashed is not served (the worker would reject the
 * bytes anyway).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { contentDigest, type ContentDigest } from '../cache/content-digest.js';
import type { CacheStore } from '../cache/store.js';
import { UserError } from '../errors.js';

export interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export class SourceRegistry {
  private readonly bySha = new Map<string, SourceFile>();

  constructor(private readonly cache: CacheStore | null) {}

  /**
   * Hashes the file (once per version: the digest is remembered) and makes it servable. `known`:
   * the digest the footage library recorded for this version of the file (size and mtime), used
   * without reading the file again while the file still matches it.
   */
  async add(file: string, what: string, signal?: AbortSignal, known?: { sha256: string; size: number; mtimeMs: number }): Promise<ContentDigest> {
    let d: ContentDigest;
    try {
      const st = known ? await stat(file) : null;
      d = st && known && st.size === known.size && Math.round(st.mtimeMs) === Math.round(known.mtimeMs)
        ? { sha256: known.sha256, size: st.size, ext: path.extname(file).toLowerCase(), mtimeMs: st.mtimeMs }
        : await contentDigest(this.cache, file, signal);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UserError('input', `The ${what} ${file} does not exist: check the path.`, file);
      if (code === 'EISDIR') throw new UserError('input', `The ${what} ${file} is a folder: give a file.`, file);
      throw new UserError('input', `The ${what} ${file} cannot be read (${code ?? String(err)}).`, file);
    }
    this.bySha.set(d.sha256, { path: file, size: d.size, mtimeMs: d.mtimeMs });
    return d;
  }

  /** The file for a digest if it is still the version that was hashed. */
  async lookup(sha256: string): Promise<SourceFile | null> {
    const src = this.bySha.get(sha256);
    if (!src) return null;
    try {
      const st = await stat(src.path);
      if (st.size === src.size && st.mtimeMs === src.mtimeMs) return src;
    } catch {
      // gone: fall through
    }
    this.bySha.delete(sha256);
    return null;
  }
}
