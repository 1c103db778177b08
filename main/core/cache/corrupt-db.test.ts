/**
 * A cache.db that cannot be trusted is set aside and the cache starts empty with exactly one
 * warning naming the file — and the app database next to it is never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../db.js';
import { dataPaths } from '../paths.js';
import { CacheStore } from './store.js';
import { checkInvariants, makeTempDir, testKey } from './test-support.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

/** A data folder with an app DB holding a queued job, and a cache with a few entries. */
function populatedDataDir(): { paths: ReturnType<typeof dataPaths>; appDbBytes: Buffer } {
  const root = makeTempDir('corrupt');
  roots.push(root);
  const paths = dataPaths(root);
  const app = openDatabase(paths.appDb);
  migrate(app, ['CREATE TABLE jobs (id INTEGER PRIMARY KEY, topic TEXT)', "INSERT INTO jobs (topic) VALUES ('queued job')"]);
  app.close();
  const store = CacheStore.open(paths.cacheDir);
  for (let i = 0; i < 20; i++) store.putJson(testKey(i), 'script', { i, pad: 'p'.repeat(500) }, { computeMs: 1 });
  const tmp = store.tmpPath('.mp4');
  fs.writeFileSync(tmp, 'video');
  store.putFile(testKey('file'), 'compile', tmp, { computeMs: 1 });
  store.close();
  return { paths, appDbBytes: fs.readFileSync(paths.appDb) };
}

const damages: [string, (file: string) => void][] = [
  ['garbage header', (f) => {
    const fd = fs.openSync(f, 'r+');
    fs.writeSync(fd, Buffer.from('this is not an SQLite database, not at all!!'), 0, 44, 0);
    fs.closeSync(fd);
  }],
  ['truncated to half', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
  ['truncated to 50 bytes', (f) => fs.truncateSync(f, 50)],
  ['random bytes throughout', (f) => {
    const size = fs.statSync(f).size;
    const buf = Buffer.alloc(size);
    for (let i = 0; i < size; i++) buf[i] = (i * 2654435761) >>> 24;
    fs.writeFileSync(f, buf);
  }],
];

describe('a damaged cache.db', () => {
  for (const [label, damage] of damages) {
    it(`(${label}) is moved aside, the cache starts empty, one warning, reelforge.db untouched`, () => {
      const { paths, appDbBytes } = populatedDataDir();
      damage(paths.cacheDb);
      const warnings: string[] = [];
      const store = CacheStore.open(paths.cacheDir, { warn: (m) => warnings.push(m) });
      try {
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(paths.cacheDb);
        const aside = fs.readdirSync(paths.cacheDir).filter((n) => n.startsWith('cache.db.corrupt-'));
        expect(aside.length).toBeGreaterThanOrEqual(1);
        expect(warnings[0]).toContain(aside[0]);
        expect(store.startup.mode).toBe('recovered');
        expect(store.stats()).toMatchObject({ entries: 0, totalSize: 0 });
        expect(store.getJson(testKey(1))).toBeNull();
        // The cache works again.
        store.putJson(testKey('after'), 'script', { ok: true }, { computeMs: 1 });
        expect(store.getJson(testKey('after'))?.value).toEqual({ ok: true });
      } finally {
        store.close();
      }
      // Old blobs were orphans of the discarded index and are gone; the index is sound.
      expect(checkInvariants(paths.cacheDir).problems).toEqual([]);
      expect(fs.readFileSync(paths.appDb)).toEqual(appDbBytes);
      const app = openDatabase(paths.appDb, { readonly: true });
      expect(app.prepare('SELECT topic FROM jobs').pluck().all()).toEqual(['queued job']);
      app.close();
      // The next open is quiet.
      const again = CacheStore.open(paths.cacheDir, { warn: (m) => warnings.push(m) });
      expect(again.startup.mode).toBe('clean');
      again.close();
      expect(warnings).toHaveLength(1);
    });
  }

  it('a cache.db from a newer Reelforge is set aside too (the cache is disposable), with one warning', () => {
    const { paths } = populatedDataDir();
    const db = openDatabase(paths.cacheDb);
    db.pragma('user_version = 99');
    db.close();
    const warnings: string[] = [];
    const store = CacheStore.open(paths.cacheDir, { warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/newer version of Reelforge/);
    expect(store.stats().entries).toBe(0);
    store.close();
  });

  it('a cache.db with the right version number but another schema is set aside, not crashed on', () => {
    const { paths } = populatedDataDir();
    fs.rmSync(paths.cacheDir, { recursive: true });
    fs.mkdirSync(paths.cacheDir);
    const db = openDatabase(paths.cacheDb);
    db.exec('CREATE TABLE entries (key TEXT PRIMARY KEY, blob TEXT)');
    db.pragma('user_version = 1');
    db.close();
    fs.writeFileSync(path.join(paths.cacheDir, 'clean-shutdown'), '');
    const warnings: string[] = [];
    const store = CacheStore.open(paths.cacheDir, { warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/unexpected schema/);
    store.putJson(testKey('x'), 'script', 1, { computeMs: 1 });
    expect(store.getJson(testKey('x'))?.value).toBe(1);
    store.close();
  });

  it('a healthy cache.db is not touched and produces no warning', () => {
    const { paths } = populatedDataDir();
    const warnings: string[] = [];
    const store = CacheStore.open(paths.cacheDir, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(store.stats().entries).toBe(21);
    store.close();
    expect(path.basename(paths.cacheDb)).toBe('cache.db');
    expect(fs.readdirSync(paths.cacheDir).filter((n) => n.includes('corrupt'))).toEqual([]);
  });
});
