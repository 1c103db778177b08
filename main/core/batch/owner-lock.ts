/**
 * One process owns a data folder's queue at a time. The owner marks jobs left `running` by
 * a dead process as interrupted; a second live scheduler (the app and `reelforge batch` on
 * the same folder) would mark the other's jobs interrupted and run them twice. The lock is
 * a file holding the owner's pid; a lock whose pid is gone (a crash) is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

export interface OwnerLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireQueueLock(dataDir: string, pid: number = process.pid): OwnerLock {
  const file = path.join(dataDir, 'queue.lock');
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(pid), { flag: 'wx' });
      return { release: () => releaseIfOurs(file, pid) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSafe(file));
    if (holder === pid) return { release: () => {} }; // this process already owns it (a second opener)
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new UserError('config', `Another Reelforge process (pid ${holder}) is running the queue in ${dataDir}: close it, or use another --data-dir.`, dataDir);
    }
    rmSync(file, { force: true }); // left by a crashed process
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
  if (readFileSafe(file) === String(pid)) rmSync(file, { force: true });
}
