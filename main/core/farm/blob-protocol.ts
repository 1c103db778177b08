/**
 * The farm's content endpoint, as both sides see it (render-farm.md §3: bazel-remote's CAS + AC
 * split, Flamenco Shaman's "which are missing"). Served by the controller over HTTP; every
 * request carries `Authorization: Bearer <farm token>`.
 *
 *   GET  /farm/v1/health                     → { ok, version }
 *   HEAD /farm/v1/blobs/<sha256>             → 200 + Content-Length, or 404
 *   GET  /farm/v1/blobs/<sha256>             → the bytes (x-reelforge-sha256 echoes the digest)
 *   PUT  /farm/v1/blobs/<sha256>             → 201 stored | 200 already held (first write wins)
 *                                              | 422 the bytes do not hash to <sha256>
 *   POST /farm/v1/blobs/missing {digests}    → { missing }: the ones the controller lacks
 *   GET  /farm/v1/results/<key>?kind=json|file → a ResultRecord (stage key → value or digest), or 404
 *   PUT  /farm/v1/results/<key> ResultRecord → 201 | 200 already held | 409 upload the blob first
 *
 * Blobs are content-addressed (any file is named by its SHA-256, checked while it streams in);
 * results are the action cache: a stage key mapped to its JSON value or to the digest of its file.
 */
import { z } from 'zod';
import { cacheKey } from '../cache/key.js';

export const FARM_API = '/farm/v1';
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const HEADER_SHA256 = 'x-reelforge-sha256';
/** The blob's extension ('.mp4'): kept so the copy on the other side has the right suffix for tools. */
export const HEADER_EXT = 'x-reelforge-ext';

/** Stage types a worker may write as results: never the cache's own bookkeeping entries. */
const resultType = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/).refine((t) => t !== 'blob' && t !== 'digest', 'not a stage result type');
const common = {
  type: resultType,
  computeMs: z.number().min(0).max(1e9),
  costUsd: z.number().min(0).max(1e6),
  meta: z.unknown().optional(),
};

export const resultRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json'), ...common, value: z.unknown() }),
  z.object({ kind: z.literal('file'), ...common, sha256: z.string().regex(SHA256_HEX), size: z.number().int().min(0), ext: z.string().max(9) }),
]);
export type ResultRecord = z.infer<typeof resultRecordSchema>;

/** A file named by content: what a job payload carries instead of a path. */
export const digestRefSchema = z.object({ sha256: z.string().regex(SHA256_HEX), size: z.number().int().min(0), ext: z.string().max(9) });
export type DigestRef = z.infer<typeof digestRefSchema>;

export const missingRequestSchema = z.object({ digests: z.array(z.string().regex(SHA256_HEX)).max(10_000) });

export function blobPath(sha256: string): string {
  return `${FARM_API}/blobs/${sha256}`;
}

export function resultPath(key: string, kind?: 'json' | 'file'): string {
  return `${FARM_API}/results/${key}${kind ? `?kind=${kind}` : ''}`;
}

/** The cache key a bare blob is stored under on either side (the digest is its identity). */
export function blobCacheKey(sha256: string): string {
  return cacheKey('blob', 1, { sha256 });
}
