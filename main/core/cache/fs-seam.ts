/**
 * Every filesystem call the cache makes goes through one small object, so tests can fail any
 * step (ENOSPC on write, EIO on fsync, EACCES on rename, a fake free-space figure) and check
 * that the cache is left exactly as it was. Production uses `realFs`.
 */
import fs from 'node:fs';

export interface FsSeam {
  openSync: typeof fs.openSync;
  writeSync: (fd: number, buffer: Uint8Array, offset?: number, length?: number) => number;
  readSync: (fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null) => number;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
  unlinkSync: typeof fs.unlinkSync;
  mkdirSync: typeof fs.mkdirSync;
  rmSync: typeof fs.rmSync;
  statSync: (path: string) => fs.Stats | undefined;
  lstatSync: (path: string) => fs.Stats | undefined;
  readdirSync: (path: string) => fs.Dirent[];
  readFileSync: (path: string) => Buffer;
  writeFileSync: (path: string, data: string | Uint8Array) => void;
  statfsSync: (path: string) => { bavail: number; bsize: number };
}

export const realFs: FsSeam = {
  openSync: fs.openSync,
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  unlinkSync: fs.unlinkSync,
  mkdirSync: fs.mkdirSync,
  rmSync: fs.rmSync,
  // undefined for "not there" keeps the hot read path free of exception handling.
  statSync: (p) => fs.statSync(p, { throwIfNoEntry: false }),
  lstatSync: (p) => fs.lstatSync(p, { throwIfNoEntry: false }),
  readdirSync: (p) => {
    try {
      return fs.readdirSync(p, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  },
  readFileSync: (p) => fs.readFileSync(p),
  writeFileSync: (p, data) => fs.writeFileSync(p, data),
  statfsSync: (p) => {
    const s = fs.statfsSync(p);
    return { bavail: Number(s.bavail), bsize: Number(s.bsize) };
  },
};

/** The errno code of a filesystem error, or undefined for anything else. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Unlink that treats "already gone" as success; other failures are reported to the caller. */
export function unlinkIfPresent(fsx: FsSeam, file: string): boolean {
  try {
    fsx.unlinkSync(file);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return true;
    return false;
  }
}
