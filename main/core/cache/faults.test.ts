/**
 * Injected write failures (ENOSPC, EIO, EACCES) at every step of the write protocol must leave
 * the cache exactly as it was — same rows, same files, no temp — and raise a UserError('io')
 * that names the cache folder and says what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { realFs, type FsSeam } from './fs-seam.js';
import { CacheStore } from './store.js';
import { checkInvariants, makeTempDir, testKey } from './test-support.js';

type Op = keyof FsSeam;

interface Fault {
  op: Op;
  code: string;
  /** Fail only calls whose first argument matches (a path or an fd the test tracks). */
  match?: (arg: unknown) => boolean;
  /** Let this many matching calls through first. */
  skip?: number;
}

function faultyFs(): { fsx: FsSeam; arm(f: Fault | null): void; fired(): number } {
  let fault: Fault | null = null;
  let fired = 0;
  const fsx = { ...realFs } as Record<Op, (...args: unknown[]) => unknown>;
  for (const op of Object.keys(realFs) as Op[]) {
    const real = realFs[op] as (...args: unknown[]) => unknown;
    fsx[op] = (...args: unknown[]) => {
      if (fault !== null && fault.op === op && (fault.match?.(args[0]) ?? true)) {
        if ((fault.skip ?? 0) > 0) {
          fault = { ...fault, skip: (fault.skip ?? 0) - 1 };
          return real(...args);
        }
        fired++;
        throw Object.assign(new Error(`${fault.code}: injected ${op}`), { code: fault.code });
      }
      return real(...args);
    };
  }
  return { fsx: fsx as unknown as FsSeam, arm: (f) => { fault = f; }, fired: () => fired };
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.startsWith('cache.db')) out.push(`${path.relative(root, p)}:${fs.statSync(p).size}`);
    }
  };
  walk(root);
  return out.sort();
}

const underTmp = (arg: unknown): boolean => typeof arg === 'string' && arg.includes(`${path.sep}tmp${path.sep}`);
const underBlobs = (arg: unknown): boolean => typeof arg === 'string' && arg.includes(`${path.sep}blobs`);

// Each step of the protocol the seam can fail, for a large JSON value and for a file.
const steps: { name: string; fault: Omit<Fault, 'code'>; kinds: ('json' | 'file')[] }[] = [
  { name: 'creating the temp file', fault: { op: 'openSync', match: underTmp }, kinds: ['json', 'file'] },
  { name: 'writing the temp file', fault: { op: 'writeSync' }, kinds: ['json'] },
  { name: 'fsync of the file', fault: { op: 'fsyncSync' }, kinds: ['json', 'file'] },
  { name: 'hashing the file', fault: { op: 'readSync' }, kinds: ['file'] },
  { name: 'making the blob folder', fault: { op: 'mkdirSync', match: underBlobs }, kinds: ['json', 'file'] },
  { name: 'renaming into blobs/', fault: { op: 'renameSync' }, kinds: ['json', 'file'] },
  // The second fsync of a put is the blob folder's (the first is the file's).
  { name: 'fsync of the blob folder', fault: { op: 'fsyncSync', skip: 1 }, kinds: ['json', 'file'] },
];

let dir: string;
let seam: ReturnType<typeof faultyFs>;
let store: CacheStore;

beforeEach(() => {
  dir = makeTempDir('faults');
  seam = faultyFs();
  store = CacheStore.open(dir, { fs: seam.fsx });
  // Something already cached that must survive every failed write untouched.
  store.putJson(testKey('existing-json'), 'script', { keep: 'x'.repeat(40_000) }, { computeMs: 1 });
  const tmp = store.tmpPath('.wav');
  fs.writeFileSync(tmp, 'existing audio');
  store.putFile(testKey('existing-file'), 'voice', tmp, { computeMs: 1 });
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a failed write leaves the cache as it was', () => {
  for (const step of steps) {
    for (const kind of step.kinds) {
      for (const code of ['ENOSPC', 'EIO', 'EACCES']) {
        it(`${code} while ${step.name} (${kind})`, () => {
          // The file to store is written before the fault is armed (a worker wrote it).
          let src = '';
          if (kind === 'file') {
            src = store.tmpPath('.mp4');
            fs.writeFileSync(src, Buffer.alloc(4096, 7));
          }
          const before = listFiles(dir).filter((f) => f !== `${path.relative(dir, src)}:4096`);
          const statsBefore = store.stats();
          seam.arm({ ...step.fault, code });
          let caught: unknown;
          try {
            if (kind === 'json') store.putJson(testKey('new'), 'script', { big: 'y'.repeat(40_000) }, { computeMs: 1 });
            else store.putFile(testKey('new'), 'compile', src, { computeMs: 1 });
          } catch (err) {
            caught = err;
          }
          seam.arm(null);
          expect(seam.fired()).toBeGreaterThan(0);
          expect(caught).toBeInstanceOf(UserError);
          const e = caught as UserError;
          expect(e.kind).toBe('io');
          expect(e.subject).toBe(dir);
          expect(e.message).toContain(dir);
          expect(e.message).toContain(code);
          expect(e.message).toMatch(/Settings|permissions|drive/);
          expect(listFiles(dir)).toEqual(before);
          expect(store.has(testKey('new'))).toBe(false);
          expect(store.stats()).toEqual(statsBefore);
          expect(store.getJson(testKey('existing-json'))).not.toBeNull();
          expect(store.getFile(testKey('existing-file'))).not.toBeNull();
        });
      }
    }
  }

  it('leaves the index consistent after a run of failures', () => {
    seam.arm({ op: 'renameSync', code: 'ENOSPC' });
    for (let i = 0; i < 5; i++) expect(() => store.putJson(testKey(i), 'script', { big: 'z'.repeat(40_000) }, { computeMs: 1 })).toThrow(UserError);
    seam.arm(null);
    store.close();
    expect(checkInvariants(dir).problems).toEqual([]);
    store = CacheStore.open(dir, { fs: seam.fsx });
    expect(store.stats().entries).toBe(2);
  });
});

describe('ensureFreeSpace', () => {
  it('throws a UserError naming the folder, the need and the fix when the disk is short', () => {
    const MB = 1024 * 1024;
    const fsx: FsSeam = { ...realFs, statfsSync: () => ({ bavail: 300, bsize: MB }) };
    const s = CacheStore.open(makeTempDir('space'), { fs: fsx });
    try {
      expect(() => s.ensureFreeSpace(100 * MB, 'the render')).not.toThrow();
      let caught: unknown;
      try {
        s.ensureFreeSpace(1200 * MB, 'the render');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UserError);
      expect((caught as UserError).kind).toBe('io');
      expect((caught as UserError).message).toBe(
        `Not enough free disk in ${s.cacheDir}: the render needs about 1200 MB, 300 MB free. Free space or lower the cache limit in Settings.`,
      );
    } finally {
      s.close();
      fs.rmSync(s.cacheDir, { recursive: true, force: true });
    }
  });

  it('evicts unpinned cache files first when that covers the shortfall', () => {
    let free = 1000;
    const fsx: FsSeam = {
      ...realFs,
      statfsSync: () => ({ bavail: free, bsize: 1 }),
      unlinkSync: (p) => { free += fs.statSync(p).size; realFs.unlinkSync(p); },
    };
    const s = CacheStore.open(makeTempDir('space'), { fs: fsx });
    try {
      for (const n of [1, 2, 3]) {
        const tmp = s.tmpPath('.mp4');
        fs.writeFileSync(tmp, Buffer.alloc(500, 0x5a));
        s.putFile(testKey(n), 'compile', tmp, { computeMs: 1 });
      }
      s.pin(testKey(1));
      s.ensureFreeSpace(1800, 'the render'); // needs 800 more: evicts 2 and 3 (1 is pinned)
      expect([1, 2, 3].map((n) => s.has(testKey(n)))).toEqual([true, false, false]);
      expect(() => s.ensureFreeSpace(2500, 'the render')).toThrow(/needs about 1 MB, 0 MB free/);
    } finally {
      s.close();
      fs.rmSync(s.cacheDir, { recursive: true, force: true });
    }
  });
});
