/**
 * Where a blob lives. The path is derived from key + extension and never stored as free text,
 * so nothing read back from the database can point outside the cache folder.
 * Layout: blobs/ab/cdef…<ext> — a 256-way fan-out keeps every directory small at 100k entries.
 */
import path from 'node:path';

const EXT_SHAPE = /^[a-z0-9]{1,8}$/;
const BLOB_NAME = /^([0-9a-f]{62})(\.[a-z0-9]{1,8})?$/;
export const FANOUT_DIR = /^[0-9a-f]{2}$/;

/** ".MP4", "mp4" → ".mp4"; anything odd → "" (the blob is still stored, just without a suffix). */
export function normaliseExt(ext: string): string {
  const bare = ext.startsWith('.') ? ext.slice(1).toLowerCase() : ext.toLowerCase();
  return EXT_SHAPE.test(bare) ? `.${bare}` : '';
}

export function blobRelPath(key: string, ext: string): string {
  return path.join('blobs', key.slice(0, 2), `${key.slice(2)}${normaliseExt(ext)}`);
}

/** The key and extension a file under blobs/<dir>/ stands for, or null for a stray name. */
export function parseBlobName(dir: string, name: string): { key: string; ext: string } | null {
  if (!FANOUT_DIR.test(dir)) return null;
  const m = BLOB_NAME.exec(name);
  if (!m) return null;
  return { key: `${dir}${m[1] as string}`, ext: m[2] ?? '' };
}
