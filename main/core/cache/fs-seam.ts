import fs from 'node:fs';

/**
 * The few filesystem calls the cache makes, behind one object so tests can inject ENOSPC or
 * EIO at any step and check that the cache is left exactly as it was.
 */
export interface FsSeam {
  writeFileSync: typeof fs.writeFileSync;
  openSync: typeof fs.openSync;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
  mkdirSync: typeof fs.mkdirSync;
  rmSync: typeof fs.rmSync;
  statSync: typeof fs.statSync;
}

export const realFs: FsSeam = {
  writeFileSync: fs.writeFileSync,
  openSync: fs.openSync,
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  mkdirSync: fs.mkdirSync,
  rmSync: fs.rmSync,
  statSync: fs.statSync,
};
