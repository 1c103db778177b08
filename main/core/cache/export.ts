/**
 * Handing a cached file to the user. The copy is a reflink where the filesystem supports it
 * (APFS, Btrfs, XFS, ReFS: instant, no extra space) and a plain copy elsewhere — never a hard
 * link, because editing a hard-linked export would edit the cache entry under every later hit.
 * The copy is written beside `dest` under a temp name, fsynced, then renamed, so `dest` is
 * either the old file or the whole new one, never a partial video.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { FileHit } from './types.js';

export async function copyOut(hit: FileHit, dest: string): Promise<void> {
  const dir = path.dirname(dest);
  const temp = path.join(dir, `.${path.basename(dest)}.${process.pid}-${randomBytes(6).toString('hex')}.part`);
  try {
    // COPYFILE_FICLONE: reflink if possible, silently a normal copy if not.
    await fs.copyFile(hit.path, temp, constants.COPYFILE_FICLONE);
    const handle = await fs.open(temp, 'r+');
    try {
      const st = await handle.stat();
      if (st.size !== hit.size) {
        throw new UserError('io', `The cached file ${hit.path} changed size while it was copied; render again to rebuild it.`, hit.path);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, dest);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'ENOENT' && !(await exists(dir))) {
      throw new UserError('io', `Cannot write ${dest}: the folder ${dir} does not exist.`, dir, { cause: err });
    }
    if (code === 'ENOENT') {
      throw new UserError('io', `The cached file ${hit.path} is gone (the cache was pruned or cleared); render again to rebuild it.`, hit.path, { cause: err });
    }
    throw new UserError('io', `Cannot write ${dest} (${code}): check free space and permissions of ${dir}.`, dir, { cause: err });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}
