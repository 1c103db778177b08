/**
 * The low-level steps of the write protocol (DESIGN §4): write a temp file, fsync it, rename it
 * into place, fsync the directory. Bazel learned (#17428) that without the fsync before the
 * rename, a machine crash can publish a zero-length or half-written file under the final name.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, type FsSeam } from './fs-seam.js';

/** Creates `file` (it must not exist), writes all of `data`, fsyncs and closes it. */
export function writeFileDurably(fsx: FsSeam, file: string, data: Uint8Array): void {
  const fd = fsx.openSync(file, 'wx');
  try {
    let off = 0;
    while (off < data.length) off += fsx.writeSync(fd, data, off, data.length - off);
    fsx.fsyncSync(fd);
  } finally {
    fsx.closeSync(fd);
  }
}

/** fsync of a file someone else wrote (a worker's ffmpeg output) before it is published. */
export function fsyncFile(fsx: FsSeam, file: string): void {
  // r+ because Windows refuses FlushFileBuffers on a handle opened read-only.
  const fd = fsx.openSync(file, 'r+');
  try {
    fsx.fsyncSync(fd);
  } finally {
    fsx.closeSync(fd);
  }
}

/**
 * Makes a rename durable on POSIX. Windows cannot open a directory for fsync (and NTFS journals
 * the rename itself), so there it is skipped, as are filesystems that reject directory fsync.
 */
export function fsyncDir(fsx: FsSeam, dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number;
  try {
    fd = fsx.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsx.fsyncSync(fd);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw err;
  } finally {
    fsx.closeSync(fd);
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/**
 * rename, retried on Windows where antivirus and indexers hold fresh files open for a moment
 * (graceful-fs retries for up to 60 s; a cache write gives up after about 2 s and misses).
 */
export function renameWithRetry(fsx: FsSeam, from: string, to: string): void {
  for (let attempt = 0, delay = 10; ; attempt++, delay = Math.min(delay * 2, 500)) {
    try {
      fsx.renameSync(from, to);
      return;
    } catch (err) {
      const code = errnoCode(err);
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES');
      if (!transient || attempt >= 8) throw err;
      sleepSync(delay);
    }
  }
}

/** sha256 (hex) of a file, read in 1 MiB chunks so a 500 MB MP4 never sits in memory. */
export function sha256File(fsx: FsSeam, file: string): { sha256: string; size: number } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  const fd = fsx.openSync(file, 'r');
  let size = 0;
  try {
    for (;;) {
      const n = fsx.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    fsx.closeSync(fd);
  }
  return { sha256: hash.digest('hex'), size };
}

export function sha256Bytes(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * temp → (fsync) → rename, async: whoever reads `file` sees the whole new content or the old
 * one. `durable: false` skips the fsync, for small files that are cheap to write again (a
 * video's manifest and captions, written on every cache hit, where an fsync each would show).
 */
export async function replaceFileAtomically(file: string, data: Uint8Array | string, opts: { durable?: boolean } = {}): Promise<void> {
  // Hidden and unique: a stray one (a crash between write and rename) never looks like an output.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.partial`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      if (opts.durable !== false) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
