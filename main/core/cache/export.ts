import { constants } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FileHit } from './types.js';

/**
 * Copies a cached file to where the user wants it: a reflink where the filesystem can (btrfs,
 * XFS, APFS), else a real copy — never a hard link, so editing the export can't corrupt the
 * cache. Written under a temp name and renamed, so the destination is whole or absent.
 */
export async function copyOut(hit: FileHit, dest: string): Promise<void> {
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.partial`);
  try {
    await copyFile(hit.path, tmp, constants.COPYFILE_FICLONE);
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
