/**
 * Temp files under <cache>/tmp. Every name starts with the owner's PID so cleanup can tell a
 * crashed process's leftovers from a live process's work in progress (the GUI and the CLI may
 * share one cache folder). Names without a PID — the pipeline's render-<uuid> work folders,
 * anything foreign — are removed once they are older than an hour (ccache's rule).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { normaliseExt } from './blob-path.js';
import type { FsSeam } from './fs-seam.js';

export const STALE_TEMP_MS = 60 * 60 * 1000;
const OWNED_NAME = /^(\d+)-[0-9a-f]{16}/;

export function newTempName(ext: string, pid = process.pid): string {
  return `${pid}-${randomBytes(8).toString('hex')}${normaliseExt(ext)}`;
}

export function tempOwnerPid(name: string): number | null {
  const m = OWNED_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface TempSweepOptions {
  now: number;
  isAlive?: (pid: number) => boolean;
}

/** Removes dead owners' temps and stale unowned ones. Returns how many were removed. */
export function sweepTempDir(fsx: FsSeam, tmpDir: string, opts: TempSweepOptions): number {
  const isAlive = opts.isAlive ?? isProcessAlive;
  let removed = 0;
  for (const entry of fsx.readdirSync(tmpDir)) {
    const full = path.join(tmpDir, entry.name);
    const owner = tempOwnerPid(entry.name);
    let doomed: boolean;
    if (owner !== null) {
      doomed = !isAlive(owner);
    } else {
      const st = fsx.lstatSync(full);
      // Wall-clock mtime vs an injectable clock: a clock behind the file only keeps it longer.
      doomed = st !== undefined && opts.now - st.mtimeMs > STALE_TEMP_MS;
    }
    if (!doomed) continue;
    try {
      // rmSync never follows a symlink: a link is removed, not what it points to.
      fsx.rmSync(full, { recursive: true, force: true });
      removed++;
    } catch {
      // Locked (Windows) or vanished: the next sweep tries again.
    }
  }
  return removed;
}
