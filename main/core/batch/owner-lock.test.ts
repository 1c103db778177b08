import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireQueueLock } from './owner-lock.js';

describe('queue owner lock', () => {
  it('refuses while another live process holds it, takes over a dead one, and releases', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-lock-'));
    const file = path.join(dir, 'queue.lock');
    writeFileSync(file, String(process.ppid)); // our parent: certainly alive
    expect(() => acquireQueueLock(dir)).toThrow(/Another Reelforge process \(pid \d+\) is running the queue/);

    writeFileSync(file, '2147483646'); // no such process
    const lock = acquireQueueLock(dir);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(file)).toBe(false);
  });
});
