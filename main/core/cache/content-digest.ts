/**
 * A file's identity by content: the SHA-256 of every byte, the same on every machine. Reading a
 * 4K clip whole costs seconds, so the digest is remembered in the cache (a `digest` entry keyed
 * by path, size, mtime and inode) and an unchanged file is read once. This is the one place a
 * file's digest is computed and remembered: the footage library's indexer (on the worker pool),
 * stage keys (background, music, logo, shots, voice-over) and the render farm (which ships files
 * by digest) all go through it, so no file is hashed twice.
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

/** What a remembered digest is valid for: this version of the file at this path. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface HashOptions {
  signal?: AbortSignal;
  /** Bytes read so far (for a progress bar on a long file). */
  onBytes?: (read: number) => void;
}

/** sha256 and size of a file, streamed (never the whole file in memory, never blocking the loop). */
export async function hashFile(file: string, o: HashOptions = {}): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      hash.update(chunk);
      o.onBytes?.(size);
    }
  }, o.signal ? { signal: o.signal } : {});
  return { sha256: hash.digest('hex'), size };
}

function memoKey(abs: string, st: FileStamp): string {
  return cacheKey('digest', VERSION, { path: abs, size: st.size, mtimeMs: Math.round(st.mtimeMs), ino: st.ino });
}

/** The digest remembered for this version of the file, if any (nothing is read). */
export function recallDigest(cache: CacheStore | null, file: string, st: FileStamp): { sha256: string; size: number } | null {
  return cache?.getJson<{ sha256: string; size: number }>(memoKey(path.resolve(file), st))?.value ?? null;
}

/** Remember a digest computed elsewhere (a worker process, a download checked as it arrived). */
export function rememberDigest(cache: CacheStore | null, file: string, st: FileStamp, sha256: string, computeMs = 0): void {
  cache?.putJson(memoKey(path.resolve(file), st), 'digest', { sha256, size: st.size }, { computeMs });
}

/** The content digest of a file, read once per (path, size, mtime, inode) and remembered in `cache`. */
export async function contentDigest(cache: CacheStore | null, file: string, signal?: AbortSignal): Promise<ContentDigest> {
  const abs = path.resolve(file);
  const st = await stat(abs);
  const ext = path.extname(abs).toLowerCase();
  const memo = recallDigest(cache, abs, st);
  if (memo) return { sha256: memo.sha256, size: memo.size, ext, mtimeMs: st.mtimeMs };
  const started = performance.now();
  const { sha256, size } = await hashFile(abs, signal ? { signal } : {});
  // Changed while it was read: the digest is of neither version, so do not remember it.
  const after = await stat(abs);
  if (after.size === st.size && after.mtimeMs === st.mtimeMs) rememberDigest(cache, abs, st, sha256, performance.now() - started);
  return { sha256, size, ext, mtimeMs: st.mtimeMs };
}

/** The memo as the footage indexer sees it: it hashes on the worker pool, and asks and tells here. */
export interface DigestMemo {
  /** The digest of the file as it is now, when remembered (a stat, no read). */
  recall(file: string): Promise<{ sha256: string; size: number; mtimeMs: number } | null>;
  remember(file: string, d: { sha256: string } & FileStamp): void;
}

export function cacheDigestMemo(cache: CacheStore): DigestMemo {
  return {
    async recall(file) {
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) return null;
      const memo = recallDigest(cache, file, st);
      return memo ? { sha256: memo.sha256, size: memo.size, mtimeMs: Math.round(st.mtimeMs) } : null;
    },
    remember(file, d) {
      rememberDigest(cache, file, d, d.sha256);
    },
  };
}
