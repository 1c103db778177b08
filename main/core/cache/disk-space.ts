/**
 * Free-space checks before heavy stages, so a render fails up front with the folder, the bytes
 * needed and the fix, instead of dying with ENOSPC halfway through an encode.
 */
import { UserError } from '../errors.js';
import type { FsSeam } from './fs-seam.js';

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
