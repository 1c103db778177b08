/**
 * A file's identity by content: the SHA-256 of every byte, the same on every machine. Reading a
 * 4K clip whole costs seconds, so the digest is remembered in the cache (a `digest` entry keyed
 * by path, size, mtime and inode) and an unchanged file is read once. Used wherever a key must
 * not depend on where a file lives (the render farm ships clips by digest).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { cacheKey } from './key.js';
import type { CacheStore } from './store.js';

const VERSION = 1;

export interface ContentDigest {
  sha256: string;
  size: number;
  /** Lowercase extension with the dot ('.mp4'), or '' — a hint for tools, never identity. */
  ext: string;
  /** mtime when hashed (ms): a server can refuse to serve a file that changed since. */
  mtimeMs: number;
}

/** sha256 and size of a file, streamed (never the whole file in memory, never blocking the loop). */
export async function hashFile(file: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(file), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      hash.update(chunk);
    }
  }, signal ? { signal } : {});
  return { sha256: hash.digest('hex'), size };
}

/** The content digest of a file, read once per (path, size, mtime, inode) and remembered in `cache`. */
export async function contentDigest(cache: CacheStore | null, file: string, signal?: AbortSignal): Promise<ContentDigest> {
  const abs = path.resolve(file);
  const st = await stat(abs);
  const ext = path.extname(abs).toLowerCase();
  const memoKey = cacheKey('digest', VERSION, { path: abs, size: st.size, mtimeMs: Math.round(st.mtimeMs), ino: st.ino });
  const memo = cache?.getJson<{ sha256: string; size: number }>(memoKey);
  if (memo) return { sha256: memo.value.sha256, size: memo.value.size, ext, mtimeMs: st.mtimeMs };
  const started = performance.now();
  const { sha256, size } = await hashFile(abs, signal);
  // Changed while it was read: the digest is of neither version, so do not remember it.
  const after = await stat(abs);
  if (after.size === st.size && after.mtimeMs === st.mtimeMs) {
    cache?.putJson(memoKey, 'digest', { sha256, size }, { computeMs: performance.now() - started });
  }
  return { sha256, size, ext, mtimeMs: st.mtimeMs };
}
