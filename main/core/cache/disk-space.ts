/**
 * Free-space checks before heavy stages, so a render fails up front with the folder, the bytes
 * needed and the fix, instead of dying with ENOSPC halfway through an encode.
 */
import { statfsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { errnoCode, type FsSeam } from './fs-seam.js';

const MB = 1024 * 1024;

export function freeBytes(fsx: FsSeam, dir: string): number {
  const s = fsx.statfsSync(dir);
  return s.bavail * s.bsize;
}

export function notEnoughSpace(folder: string, what: string, needed: number, free: number): UserError {
  const neededMb = Math.max(1, Math.ceil(needed / MB));
  const freeMb = Math.floor(Math.max(0, free) / MB);
  return new UserError(
    'io',
    `Not enough free disk in ${folder}: ${what} needs about ${neededMb} MB, ${freeMb} MB free. Free space or lower the cache limit in Settings.`,
    folder,
  );
}

/**
 * A write into `folder` that failed because the disk is full (ENOSPC, or the quota: EDQUOT), as
 * the same one line the pre-checks give; null for any other error. For places where the
 * failure surfaces mid-write (a worker's output, an upload) rather than in a pre-check.
 */
export function diskFullError(err: unknown, folder: string, what: string, neededBytes: number): UserError | null {
  const code = errnoCode(err);
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return null;
  let free = 0;
  try {
    const s = statfsSync(folder);
    free = s.bavail * s.bsize;
  } catch {
    // the folder's free space is unknown: say 0 MB rather than nothing
  }
  return notEnoughSpace(folder, what, neededBytes, free);
}

/**
 * What a voice takes on disk while it is made, from the text alone: about 3 KB of 24 kHz
 * 16-bit audio per character spoken, held up to three times (the chunks, the joined WAV, the
 * cache's copy).
 */
export function voiceBytesEstimate(chunks: readonly string[]): number {
  const characters = chunks.reduce((n, c) => n + c.length, 0);
  return Math.max(1024 * 1024, characters * 3 * 3200);
}
