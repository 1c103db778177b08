/**
 * Benchmarks of the cache index (research §4 performance goals) at a realistic size: by default
 * 100,000 entries, half inline JSON and half small blob files on disk. Each number is measured
 * with process.hrtime.bigint around the public CacheStore call a pipeline would make.
 *
 * Standalone: npx tsx bench/cache-index.ts [entries]   (prints a table; also wired into npm run bench)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../main/core/db.js';
import { blobRelPath } from '../main/core/cache/blob-path.js';
import { cacheKey } from '../main/core/cache/key.js';
import { CacheStore, CLEAN_SHUTDOWN_MARKER } from '../main/core/cache/store.js';
import { formatTable } from './table.js';

export interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

export interface CacheBenchOptions {
  entries: number;
  /** Share of entries stored as blob files (the rest inline JSON). Default 0.5. */
  fileFraction?: number;
  /** Where to build the cache; a fresh temp folder (removed afterwards) by default. */
  dir?: string;
}

const ns = (): bigint => process.hrtime.bigint();
const usSince = (t0: bigint): number => Number(ns() - t0) / 1000;
const msSince = (t0: bigint): number => Number(ns() - t0) / 1e6;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * (sorted.length - 1)))] ?? Number.NaN;
}

function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** Deterministic pseudo-random numbers so every run measures the same access pattern. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const INLINE_VALUE = JSON.stringify({
  title: 'Five facts about octopuses',
  hook: 'You will not believe the third one.',
  lines: Array.from({ length: 12 }, (_, i) => `Line ${i}: octopuses have three hearts and blue blood, and they taste with their arms.`),
  hashtags: ['#ocean', '#facts', '#shorts'],
});
const BLOB_BYTES = Buffer.alloc(64, 7);

/**
 * Fills the index through one bulk transaction (the triggers keep the totals exact) and writes
 * the blob files directly: building 100k entries through put() would take most of a minute and
 * measures nothing new.
 */
export function populateBenchCache(dir: string, entries: number, fileFraction: number): { keys: string[]; fileKeys: string[] } {
  CacheStore.open(dir).close(); // creates the schema
  const db = openDatabase(path.join(dir, 'cache.db'));
  const insert = db.prepare(
    `INSERT INTO entries (key, type, storage, ext, size, sha256, created, last_access, hits, compute_ms, cost_micros, meta, value_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, NULL, ?)`,
  );
  const insertValue = db.prepare('INSERT INTO inline_values (value) VALUES (?)');
  const rand = lcg(42);
  const base = Date.now() - 60 * 60 * 1000;
  const keys: string[] = [];
  const fileKeys: string[] = [];
  const madeDirs = new Set<string>();
  const fileEvery = fileFraction <= 0 ? Infinity : Math.round(1 / fileFraction);
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const key = cacheKey('test', 1, { bench: i });
      const stamp = base + Math.floor(rand() * 3_000_000);
      keys.push(key);
      if (i % fileEvery === 0) {
        insert.run(key, 'compile', 2, '.mp4', BLOB_BYTES.length, null, stamp, stamp, 1000, null);
        fileKeys.push(key);
      } else {
        const valueId = Number(insertValue.run(INLINE_VALUE).lastInsertRowid);
        insert.run(key, 'script', 0, '', Buffer.byteLength(INLINE_VALUE), null, stamp, stamp, 1000, valueId);
      }
    }
  });
  for (let i = 0; i < entries; i += 10_000) chunk(i, Math.min(entries, i + 10_000));
  db.close();
  for (const key of fileKeys) {
    const file = path.join(dir, blobRelPath(key, '.mp4'));
    const d = path.dirname(file);
    if (!madeDirs.has(d)) {
      fs.mkdirSync(d, { recursive: true });
      madeDirs.add(d);
    }
    fs.writeFileSync(file, BLOB_BYTES);
  }
  return { keys, fileKeys };
}

function row(name: string, value: number, unit: string, target: string, ok: boolean): Row {
  return { name, value: Math.round(value * 100) / 100, unit, target, ok };
}

export async function benchCacheIndex(opts: CacheBenchOptions): Promise<Row[]> {
  const entries = opts.entries;
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'reelforge-bench-cache-'));
  const rows: Row[] = [];
  try {
    const tPop = ns();
    const { keys, fileKeys } = populateBenchCache(dir, entries, opts.fileFraction ?? 0.5);
    rows.push({ name: `populate ${entries} entries (${fileKeys.length} blob files)`, value: Math.round(msSince(tPop)), unit: 'ms' });
    const rand = lcg(7);
    const pick = (arr: string[]): string => arr[Math.floor(rand() * arr.length)] as string;
    let store = CacheStore.open(dir);

    // Lookup (hit or miss), no side effects.
    const missKeys = Array.from({ length: 1000 }, (_, i) => cacheKey('test', 1, { absent: i }));
    // Warm-up, as in a running app: page cache warm, the WAL file grown once and checkpointed
    // (the store's idle timer does that every 2 s; a synchronous loop never lets it fire).
    for (let i = 0; i < 2000; i++) store.has(pick(keys));
    for (let i = 0; i < 2000; i++) store.getFile(pick(fileKeys));
    for (let i = 0; i < 2000; i++) store.putJson(cacheKey('test', 1, { warm: i }), 'script', JSON.parse(INLINE_VALUE), { computeMs: 1 });
    store.prune();
    const lookups: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const key = i % 2 === 0 ? pick(keys) : pick(missKeys);
      const t0 = ns();
      store.has(key);
      lookups.push(usSince(t0));
    }
    const lookupP99 = percentile(lookups, 99);
    rows.push(row('lookup (hit or miss) p99', lookupP99, 'µs', '≤ 25 µs', lookupP99 <= 25));

    // A served file hit: lookup + stat of the blob + hits/last_access update (one autocommit UPDATE).
    const hits: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const key = pick(fileKeys);
      const t0 = ns();
      const hit = store.getFile(key);
      hits.push(usSince(t0));
      if (hit === null) throw new Error(`bench: lost ${key}`);
    }
    const hitP99 = percentile(hits, 99);
    rows.push(row('lookup + stat + hit update p99', hitP99, 'µs', '≤ 100 µs', hitP99 <= 100));
    rows.push({ name: 'lookup + stat + hit update p50', value: Math.round(median(hits) * 100) / 100, unit: 'µs' });

    // Inline insert of LLM-sized JSON, one transaction each.
    const inserts: number[] = [];
    const value = JSON.parse(INLINE_VALUE) as unknown;
    for (let i = 0; i < 5000; i++) {
      const key = cacheKey('test', 1, { insert: i });
      const t0 = ns();
      store.putJson(key, 'script', value, { computeMs: 900, costUsd: 0.001 });
      inserts.push(usSince(t0));
    }
    const insertP99 = percentile(inserts, 99);
    rows.push(row('inline insert p99', insertP99, 'µs', '≤ 150 µs', insertP99 <= 150));
    rows.push({ name: 'inline insert p50', value: Math.round(median(inserts) * 100) / 100, unit: 'µs' });

    const statTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = ns();
      store.stats();
      statTimes.push(usSince(t0));
    }
    rows.push({ name: 'stats snapshot p99', value: Math.round(percentile(statTimes, 99) * 100) / 100, unit: 'µs', target: '≤ 1000 µs', ok: percentile(statTimes, 99) <= 1000 });

    // Lowering the cap just below the total evicts 10 % of the bytes (down to 90 %): about
    // 10,000 entries at 100k, rows deleted in one transaction and blob files unlinked.
    const before = store.stats();
    const tEv = ns();
    const report = store.setLimits({ maxSize: before.totalSize - 1 });
    const evictMs = msSince(tEv);
    const perSec = report.evicted / (evictMs / 1000);
    rows.push({ name: `evict ${report.evicted} entries (rows + files)`, value: Math.round(evictMs), unit: 'ms' });
    rows.push(row('eviction throughput', perSec, 'entries/s', '≥ 20,000 entries/s', perSec >= 20_000));
    store.setLimits({ maxSize: 5 * 1024 ** 3 });

    // The full reconcile on its own (stat every blob row, readdir every fan-out folder, rebuild totals).
    const tCk = ns();
    store.reconcile();
    const reconcileOnlyMs = msSince(tCk);
    rows.push(row(`reconcile alone at ${store.stats().entries} entries`, reconcileOnlyMs, 'ms', '≤ 1500 ms', reconcileOnlyMs <= 1500));

    // Start-up after a clean shutdown: open + quick_check + temp sweep + expiry + eviction check.
    const cleanOpens: number[] = [];
    for (let i = 0; i < 5; i++) {
      store.close();
      const t0 = ns();
      store = CacheStore.open(dir);
      cleanOpens.push(msSince(t0));
      if (store.startup.mode !== 'clean') throw new Error('bench: expected a clean start');
    }
    const cleanMs = median(cleanOpens);
    rows.push(row('start-up after clean shutdown (median of 5)', cleanMs, 'ms', '≤ 50 ms', cleanMs <= 50));

    // Start-up after a crash: full reconcile (stat every blob, scan every fan-out folder).
    const uncleanOpens: number[] = [];
    for (let i = 0; i < 3; i++) {
      store.close();
      fs.rmSync(path.join(dir, CLEAN_SHUTDOWN_MARKER), { force: true });
      const t0 = ns();
      store = CacheStore.open(dir);
      uncleanOpens.push(msSince(t0));
      if (store.startup.mode !== 'unclean') throw new Error('bench: expected an unclean start');
    }
    const reconcileMs = median(uncleanOpens);
    rows.push(row(`start-up after a crash: quick_check + full reconcile (median of 3)`, reconcileMs, 'ms', '≤ 1500 ms', reconcileMs <= 1500));
    store.close();
  } finally {
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // No top-level await: the bench runner may load this module from a CommonJS context.
  benchCacheIndex({ entries: Number(process.argv[2] ?? 100_000) }).then(
    (rows) => {
      console.log(formatTable(rows.map((r) => ({ group: 'cache index', ...r }))));
      if (rows.some((r) => r.ok === false)) process.exitCode = 1;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
