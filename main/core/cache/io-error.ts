/**
 * Turning a failed cache write into one line the creator can act on: which folder, what went
 * wrong in plain words, and what to do. Anything that is not an I/O problem is passed through.
 */
import { UserError } from '../errors.js';
import { errnoCode } from './fs-seam.js';

const EXPLAIN: Record<string, { what: string; fix: string }> = {
  ENOSPC: { what: 'the disk is full', fix: 'Free space or lower the cache limit in Settings.' },
  EDQUOT: { what: 'the disk quota is used up', fix: 'Free space or lower the cache limit in Settings.' },
  SQLITE_FULL: { what: 'the disk is full', fix: 'Free space or lower the cache limit in Settings.' },
  EIO: { what: 'the disk reported an I/O error', fix: 'Check the drive, or choose another data folder in Settings.' },
  SQLITE_IOERR: { what: 'the disk reported an I/O error', fix: 'Check the drive, or choose another data folder in Settings.' },
  EACCES: { what: 'permission was denied', fix: "Check the folder's permissions, or choose another data folder in Settings." },
  EPERM: { what: 'the operation was not permitted', fix: "Check the folder's permissions, or choose another data folder in Settings." },
  EROFS: { what: 'the disk is read-only', fix: 'Choose another data folder in Settings.' },
  SQLITE_READONLY: { what: 'the cache index is read-only', fix: "Check the folder's permissions, or choose another data folder in Settings." },
  EBUSY: { what: 'a file was locked by another program', fix: 'Close the program using it (or pause the antivirus scan) and try again.' },
  EMFILE: { what: 'too many files are open', fix: 'Lower the number of videos rendered at once and try again.' },
};

function codeOf(err: unknown): string | undefined {
  const code = errnoCode(err);
  if (code === undefined) return undefined;
  if (code.startsWith('SQLITE_IOERR')) return 'SQLITE_IOERR';
  return code;
}

/** A UserError('io') for filesystem/SQLite I/O failures; the original error otherwise. */
export function cacheWriteError(err: unknown, cacheDir: string, what: string): unknown {
  if (err instanceof UserError) return err;
  const code = codeOf(err);
  const known = code !== undefined ? EXPLAIN[code] : undefined;
  if (!known) return err;
  return new UserError('io', `Cannot save ${what} to the cache in ${cacheDir}: ${known.what} (${code}). ${known.fix}`, cacheDir, { cause: err });
}
