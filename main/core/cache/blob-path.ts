import path from 'node:path';

/** blobs/ab/cdef…<ext>: two-level fan-out keeps directories small at 100k entries. */
export function blobRelPath(key: string, ext: string): string {
  const safeExt = /^\.[a-z0-9]{1,8}$/i.test(ext) ? ext.toLowerCase() : '';
  return path.join('blobs', key.slice(0, 2), `${key.slice(2)}${safeExt}`);
}
