import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireQueueLock, processStartMs } from './owner-lock.js';

/** A live process that is certainly not Reelforge. */
let stranger: ReturnType<typeof spawn>;
beforeAll(() => {
  stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
});
afterAll(() => {
  stranger.kill('SIGKILL');
});

function lockDir(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-lock-'));
  return { dir, file: path.join(dir, 'queue.lock') };
}

describe('queue owner lock', () => {
  it('refuses while its live owner holds it, takes over a dead one, and releases', () => {
    const { dir, file } = lockDir();
    // Our parent, named with its real start time: the owner, alive.
    writeFileSync(file, JSON.stringify({ pid: process.ppid, startedAt: processStartMs(process.ppid) }));
    expect(() => acquireQueueLock(dir)).toThrow(/Another Reelforge process \(pid \d+\) is running the queue/);

    writeFileSync(file, '2147483646'); // no such process
    const lock = acquireQueueLock(dir);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('sees a lock whose pid now belongs to another program as stale (after a reboot or a container restart)', () => {
    const pid = stranger.pid as number;
    // Written by a Reelforge that had this pid before: another start time.
    const a = lockDir();
    writeFileSync(a.file, JSON.stringify({ pid, startedAt: (processStartMs(pid) ?? 0) - 3_600_000 }));
    acquireQueueLock(a.dir).release();

    // An older Reelforge's lock names only the pid: the program is not Reelforge…
    const b = lockDir();
    writeFileSync(b.file, String(pid));
    acquireQueueLock(b.dir).release();

    // …or it started after the lock was written (the file predates the reboot).
    const c = lockDir();
    writeFileSync(c.file, String(process.ppid));
    const longAgo = new Date(Date.now() - 30 * 86_400_000);
    utimesSync(c.file, longAgo, longAgo);
    acquireQueueLock(c.dir).release();
    expect(existsSync(c.file)).toBe(false);
  });
});
