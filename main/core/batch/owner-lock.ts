/**
 * One process owns a data folder's queue at a time. The owner marks jobs left `running` by
 * a dead process as interrupted; a second live scheduler (the app and `reelforge batch` on
 * the same folder) would mark the other's jobs interrupted and run them twice. The lock is
 * a file naming the owner: its pid and when that process started. A lock whose owner is gone
 * (a crash) is taken over — and so is one whose pid now belongs to another program, which
 * happens after a reboot or a container restart: a live pid alone proves nothing, the same
 * pid and start time do.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

export interface OwnerLock {
  release(): void;
}

interface LockRecord {
  pid: number;
  /** The owner's start time (ms since the epoch); absent in a lock written by an older Reelforge. */
  startedAt?: number;
}

/** Start times are read to the clock tick (Linux) or the second (ps): equal within this. */
const SAME_START_MS = 2000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When process `pid` started, in ms since the epoch; null where the system does not say (Windows). */
export function processStartMs(pid: number): number | null {
  try {
    if (process.platform === 'linux') {
      // Field 22 of /proc/<pid>/stat: clock ticks (USER_HZ, 100 on every Linux ABI) after boot.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
      return boot !== undefined && Number.isFinite(ticks) ? Number(boot) * 1000 + ticks * 10 : null;
    }
    if (process.platform === 'win32') return null;
    const started = Date.parse(execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 }).trim());
    return Number.isFinite(started) ? started : null;
  } catch {
    return null;
  }
}

/** A process's command line, lower-cased; null where it cannot be read. */
function commandLine(pid: number): string | null {
  try {
    if (process.platform === 'linux') return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').toLowerCase();
    if (process.platform === 'win32') return null;
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 }).toLowerCase();
  } catch {
    return null;
  }
}

function parseLock(text: string): LockRecord | null {
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const r = JSON.parse(text) as Partial<LockRecord> | null;
    if (r === null || typeof r.pid !== 'number' || !Number.isInteger(r.pid) || r.pid <= 0) return null;
    return typeof r.startedAt === 'number' ? { pid: r.pid, startedAt: r.startedAt } : { pid: r.pid };
  } catch {
    return null;
  }
}

/** Whether the process the lock names is still the one that wrote it. */
function holderIsOwner(lock: LockRecord, file: string): boolean {
  if (!alive(lock.pid)) return false;
  const started = processStartMs(lock.pid);
  if (started === null) return true; // no way to tell: a live pid keeps the lock, as it always did
  if (lock.startedAt !== undefined) return Math.abs(started - lock.startedAt) <= SAME_START_MS;
  // A lock from an older Reelforge names only a pid: a process younger than the file cannot
  // have written it, and one that is not Reelforge at all does not own a queue.
  let written: number;
  try {
    written = statSync(file).mtimeMs;
  } catch {
    return false;
  }
  if (started > written + SAME_START_MS) return false;
  const cmd = commandLine(lock.pid);
  return cmd === null || cmd.includes('reelforge');
}

export function acquireQueueLock(dataDir: string, pid: number = process.pid): OwnerLock {
  const file = path.join(dataDir, 'queue.lock');
  mkdirSync(dataDir, { recursive: true });
  const startedAt = processStartMs(pid);
  const record = JSON.stringify(startedAt === null ? { pid } : { pid, startedAt });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, record, { flag: 'wx' });
      return { release: () => releaseIfOurs(file, pid) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = parseLock(readFileSafe(file));
    if (holder?.pid === pid) return { release: () => {} }; // this process already owns it (a second opener)
    if (holder !== null && holderIsOwner(holder, file)) {
      throw new UserError('config', `Another Reelforge process (pid ${holder.pid}) is running the queue in ${dataDir}: close it, or use another --data-dir.`, dataDir);
    }
    rmSync(file, { force: true }); // left by a crashed process, or naming a pid that is someone else's now
  }
  throw new UserError('config', `Cannot take the queue lock ${file}: remove it if no Reelforge process is running.`, file);
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function releaseIfOurs(file: string, pid: number): void {
  if (parseLock(readFileSafe(file))?.pid === pid) rmSync(file, { force: true });
}
