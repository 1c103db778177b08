import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobRelPath } from './blob-path.js';
import { CacheStore } from './store.js';
import { checkInvariants, makeTempDir, testKey } from './test-support.js';

let dir: string;
let store: CacheStore;

beforeEach(() => {
  dir = makeTempDir('store');
  store = CacheStore.open(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function putTestFile(s: CacheStore, key: string, bytes: Buffer, ext = '.mp4'): string {
  const tmp = s.tmpPath(ext);
  fs.writeFileSync(tmp, bytes);
  s.putFile(key, 'compile', tmp, { computeMs: 1000, costUsd: 0.25, meta: { durationMs: 30000 } });
  return tmp;
}

describe('CacheStore reads and writes', () => {
  it('stores small JSON inline and large JSON as a blob, and reads both back', () => {
    const small = { title: 'Hook', lines: ['a', 'b'] };
    const large = { text: 'x'.repeat(40 * 1024) };
    store.putJson(testKey('small'), 'script', small, { computeMs: 120, costUsd: 0.002, meta: { tokens: 99 } });
    store.putJson(testKey('large'), 'script', large, { computeMs: 5 });
    expect(store.getJson(testKey('small'))).toMatchObject({ value: small, type: 'script', computeMs: 120, costUsd: 0.002, meta: { tokens: 99 } });
    expect(store.getJson(testKey('large'))?.value).toEqual(large);
    // Only the large one has a file.
    expect(fs.existsSync(path.join(dir, blobRelPath(testKey('small'), '')))).toBe(false);
    expect(fs.existsSync(path.join(dir, blobRelPath(testKey('large'), '.json')))).toBe(true);
  });

  it('moves a temp file into blobs/ab/cdef… and serves its path', () => {
    const bytes = Buffer.from('video bytes');
    const tmp = putTestFile(store, testKey(1), bytes);
    const hit = store.getFile(testKey(1));
    expect(hit?.path).toBe(path.join(dir, 'blobs', testKey(1).slice(0, 2), `${testKey(1).slice(2)}.mp4`));
    expect(fs.readFileSync(hit?.path ?? '')).toEqual(bytes);
    expect(fs.existsSync(tmp)).toBe(false);
    expect(hit).toMatchObject({ size: bytes.length, type: 'compile', meta: { durationMs: 30000 } });
  });

  it('peekFile returns a stored file without counting a hit or a miss, and never a damaged one', () => {
    putTestFile(store, testKey(1), Buffer.from('abc'));
    expect(store.peekFile(testKey(1))?.size).toBe(3);
    expect(store.peekFile(testKey(2))).toBeNull();
    expect(store.stats()).toMatchObject({ totalHits: 0, misses: 0 });
    fs.truncateSync(store.peekFile(testKey(1))?.path ?? '', 1);
    expect(store.peekFile(testKey(1))).toBeNull();
    expect(store.has(testKey(1))).toBe(false);
  });

  it('refuses files that do not come from tmpPath()', () => {
    const outside = path.join(dir, 'elsewhere.mp4');
    fs.writeFileSync(outside, 'x');
    expect(() => store.putFile(testKey(1), 'compile', outside, { computeMs: 1 })).toThrow(/tmpPath/);
    expect(() => store.putJson('not-a-key', 'script', {}, { computeMs: 1 })).toThrow(/Not a cache key/);
  });

  it('counts hits and misses, keeps them across a restart, and reports time and cost saved', () => {
    store.putJson(testKey('a'), 'script', { a: 1 }, { computeMs: 200, costUsd: 0.5 });
    putTestFile(store, testKey('f'), Buffer.alloc(100, 0x5a));
    store.getJson(testKey('a'));
    store.getJson(testKey('a'));
    store.getFile(testKey('f'));
    store.getJson(testKey('nope'));
    store.close();
    store = CacheStore.open(dir);
    const s = store.stats();
    expect(s).toMatchObject({ entries: 2, totalHits: 3, misses: 1, hitRate: 0.75, timeSavedMs: 1400, costSaved: 1.25 });
    expect(s.totalSize).toBe(Buffer.byteLength('{"a":1}') + 100);
    expect(s.byType).toEqual({ script: { entries: 1, size: 7, hits: 2 }, compile: { entries: 1, size: 100, hits: 1 } });
    expect(s.oldestEntry).not.toBeNull();
    expect(store.startup.mode).toBe('clean');
  });

  it('replacing an entry keeps the totals exact', () => {
    store.putJson(testKey('a'), 'script', { v: 'first' }, { computeMs: 1 });
    store.putJson(testKey('a'), 'script', { v: 'second, longer' }, { computeMs: 1 });
    putTestFile(store, testKey('b'), Buffer.alloc(10, 0x5a));
    putTestFile(store, testKey('b'), Buffer.alloc(20, 0x5a));
    expect(store.getJson(testKey('a'))?.value).toEqual({ v: 'second, longer' });
    expect(store.stats()).toMatchObject({ entries: 2, totalSize: Buffer.byteLength('{"v":"second, longer"}') + 20 });
    store.close();
    expect(checkInvariants(dir).problems).toEqual([]);
    store = CacheStore.open(dir);
  });

  it('clear() removes everything but pinned entries and keeps the hit history', () => {
    putTestFile(store, testKey(1), Buffer.alloc(10, 0x5a));
    putTestFile(store, testKey(2), Buffer.alloc(10, 0x5a));
    store.putJson(testKey(3), 'script', {}, { computeMs: 1 });
    store.getJson(testKey(3));
    store.pin(testKey(2));
    expect(store.clear()).toBe(2);
    expect(store.getFile(testKey(1))).toBeNull();
    expect(store.getFile(testKey(2))).not.toBeNull();
    expect(store.stats()).toMatchObject({ entries: 1, totalHits: 2 });
    store.close();
    expect(checkInvariants(dir).problems).toEqual([]);
    store = CacheStore.open(dir);
  });
});

describe('damaged blobs are never served', () => {
  const bytes = Buffer.from('0123456789abcdef'.repeat(64));

  it.each([
    ['truncated', (p: string) => fs.truncateSync(p, bytes.length / 2)],
    ['emptied', (p: string) => fs.truncateSync(p, 0)],
    ['deleted', (p: string) => fs.rmSync(p)],
    ['grown', (p: string) => fs.appendFileSync(p, 'x')],
    ['replaced by a folder', (p: string) => { fs.rmSync(p); fs.mkdirSync(p); }],
  ])('a %s file blob is dropped and counted as a miss', (_label, damage) => {
    putTestFile(store, testKey(1), bytes);
    const blob = store.getFile(testKey(1))?.path ?? '';
    damage(blob);
    expect(store.getFile(testKey(1))).toBeNull();
    expect(store.has(testKey(1))).toBe(false);
    expect(store.stats()).toMatchObject({ entries: 0, totalSize: 0, misses: 1 });
    expect(store.getFile(testKey(1))).toBeNull(); // stays a miss
  });

  it('a truncated JSON blob is dropped, not half-parsed', () => {
    store.putJson(testKey('j'), 'script', { text: 'y'.repeat(50 * 1024) }, { computeMs: 1 });
    fs.truncateSync(path.join(dir, blobRelPath(testKey('j'), '.json')), 1000);
    expect(store.getJson(testKey('j'))).toBeNull();
    expect(store.has(testKey('j'))).toBe(false);
  });

  it('a zero-filled blob of the right size is never served: the read drops it as a miss', () => {
    putTestFile(store, testKey(3), bytes);
    const blob = store.getFile(testKey(3))?.path ?? '';
    fs.writeFileSync(blob, Buffer.alloc(bytes.length));
    expect(store.getFile(testKey(3))).toBeNull();
    expect(store.has(testKey(3))).toBe(false);
  });

  it('a zero-filled blob of the right size is caught by verify() through its sha256', () => {
    putTestFile(store, testKey(1), bytes);
    putTestFile(store, testKey(2), bytes);
    const blob = store.getFile(testKey(1))?.path ?? '';
    fs.writeFileSync(blob, Buffer.alloc(bytes.length)); // cacache-rs #83: NULs at the same size
    const orphan = path.join(dir, 'blobs', 'ff', `${'f'.repeat(62)}.mp4`);
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, 'stray');
    fs.writeFileSync(path.join(dir, 'tmp', '999999999-0123456789abcdef.mp4'), 'dead owner');
    const report = store.verify();
    expect(report.checked).toBe(2);
    expect(report.removed).toEqual([{ key: testKey(1), type: 'compile', reason: 'content does not match its sha256' }]);
    expect(report.orphanBlobsRemoved).toBe(1);
    expect(report.tempFilesRemoved).toBe(1);
    expect(store.getFile(testKey(1))).toBeNull();
    expect(store.getFile(testKey(2))).not.toBeNull();
    store.close();
    expect(checkInvariants(dir).problems).toEqual([]);
    store = CacheStore.open(dir);
  });

  it('reconcile never follows a symlink out of the cache', () => {
    const outside = makeTempDir('outside');
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'keep me');
    fs.symlinkSync(outside, path.join(dir, 'blobs', 'ab'));
    store.close();
    fs.rmSync(path.join(dir, 'clean-shutdown'));
    store = CacheStore.open(dir);
    expect(fs.existsSync(path.join(dir, 'blobs', 'ab'))).toBe(false);
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('keep me');
    fs.rmSync(outside, { recursive: true });
  });
});

describe('singleFlight', () => {
  it('runs one computation for 10 concurrent identical requests', async () => {
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const calls = Array.from({ length: 10 }, () =>
      store.singleFlight(testKey('sf'), async () => {
        computed++;
        await gate;
        store.putJson(testKey('sf'), 'script', { n: computed }, { computeMs: 1 });
        return { n: computed };
      }),
    );
    release();
    const results = await Promise.all(calls);
    expect(computed).toBe(1);
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ n: 1 })));
  });

  it('passes a failure to every waiter, caches nothing, and the next call computes again', async () => {
    let computed = 0;
    const fail = () => store.singleFlight(testKey('sf'), async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('provider down');
    });
    const settled = await Promise.allSettled(Array.from({ length: 10 }, fail));
    expect(computed).toBe(1);
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'provider down')).toBe(true);
    expect(store.has(testKey('sf'))).toBe(false);
    await expect(store.singleFlight(testKey('sf'), async () => { computed++; return 'ok'; })).resolves.toBe('ok');
    expect(computed).toBe(2);
  });

  it('forgets a compute that throws synchronously', async () => {
    await expect(store.singleFlight(testKey('x'), () => { throw new Error('sync'); })).rejects.toThrow('sync');
    await expect(store.singleFlight(testKey('x'), async () => 'second')).resolves.toBe('second');
  });
});
