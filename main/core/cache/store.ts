/**
 * CacheStore: a SQLite index (cache.db, WAL) over blob files, DESIGN §4. Writes go
 * temp → fsync → rename → row, so a crash leaves no entry or a whole one; reads check the blob
 * before serving it; eviction is LRU by last access and never touches pinned entries.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { migrate, openDatabase, type Db } from '../db.js';
import { blobRelPath } from './blob-path.js';
import { selectVictims } from './evict.js';
import { realFs, type FsSeam } from './fs-seam.js';
import { reconcile } from './reconcile.js';
import { CACHE_MIGRATIONS } from './schema.js';
import { SingleFlight } from './single-flight.js';
import type {
  CacheEntryType, CacheLimits, CacheStats, FileHit, JsonHit, PruneReport, PutOptions, VerifyReport,
} from './types.js';

export const DEFAULT_LIMITS: CacheLimits = { maxSize: 5 * 1024 ** 3, maxAgeMs: 7 * 24 * 3600 * 1000 };
/** LLM JSON and other small values live in the row; larger ones in blob files. */
export const INLINE_MAX = 32 * 1024;
const CLEAN_MARKER = 'clean-shutdown';

export interface CacheOpenOptions {
  limits?: Partial<CacheLimits>;
  clock?: () => number;
  fs?: FsSeam;
  warn?: (msg: string) => void;
}

interface Row {
  key: string;
  type: string;
  size: number;
  inline: string | null;
  blob: string | null;
  sha256: string | null;
  created: number;
  last_access: number;
  hits: number;
  compute_ms: number;
  cost_usd: number;
  meta: string | null;
}

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}

export class CacheStore {
  readonly dir: string;
  readonly tmpDir: string;
  private limits: CacheLimits;
  private readonly clock: () => number;
  private readonly fs: FsSeam;
  private readonly pins = new Map<string, number>();
  private readonly flights = new SingleFlight();
  private db: Db;
  private readonly stmts: ReturnType<CacheStore['prepare']>;
  /** What start-up did: 'clean' (cheap checks) or 'reconciled' (after an unclean stop). */
  readonly startup: 'clean' | 'reconciled';

  private constructor(dir: string, db: Db, opts: CacheOpenOptions, startup: 'clean' | 'reconciled') {
    this.dir = dir;
    this.tmpDir = path.join(dir, 'tmp');
    this.db = db;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.clock = opts.clock ?? Date.now;
    this.fs = opts.fs ?? realFs;
    this.stmts = this.prepare();
    this.startup = startup;
  }

  static open(dir: string, opts: CacheOpenOptions = {}): CacheStore {
    fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'blobs'), { recursive: true });
    const dbFile = path.join(dir, 'cache.db');
    const db = openOrSetAside(dbFile, opts.warn ?? ((m) => process.emitWarning(m)));
    const marker = path.join(dir, CLEAN_MARKER);
    const clean = fs.existsSync(marker);
    fs.rmSync(marker, { force: true });
    const store = new CacheStore(dir, db, opts, clean ? 'clean' : 'reconciled');
    store.clampFutureAccess();
    if (clean) store.removeTempFiles();
    else store.reconcile();
    store.prune();
    return store;
  }

  private prepare() {
    const db = this.db;
    return {
      get: db.prepare<[string], Row>('SELECT * FROM entries WHERE key = ?'),
      touch: db.prepare<[number, string]>('UPDATE entries SET last_access = ?, hits = hits + 1 WHERE key = ?'),
      hitCounters: db.prepare<[number, number]>(`UPDATE counters SET value = value + CASE name WHEN 'hits' THEN 1 WHEN 'time_saved_ms' THEN ? WHEN 'cost_saved' THEN ? END WHERE name IN ('hits', 'time_saved_ms', 'cost_saved')`),
      typeHit: db.prepare<[string]>('UPDATE type_counters SET hits = hits + 1 WHERE type = ?'),
      miss: db.prepare(`UPDATE counters SET value = value + 1 WHERE name = 'misses'`),
      del: db.prepare<[string]>('DELETE FROM entries WHERE key = ?'),
      insert: db.prepare<[string, string, number, string | null, string | null, string | null, number, number, number, number, string | null]>(
        'INSERT INTO entries(key, type, size, inline, blob, sha256, created, last_access, hits, compute_ms, cost_usd, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)'),
      counters: db.prepare<[], { name: string; value: number }>('SELECT name, value FROM counters'),
      types: db.prepare<[], { type: string; entries: number; size: number; hits: number }>('SELECT * FROM type_counters WHERE entries > 0'),
      span: db.prepare<[], { oldest: number | null; newest: number | null }>('SELECT MIN(created) AS oldest, MAX(created) AS newest FROM entries'),
      all: db.prepare<[], Row>('SELECT * FROM entries'),
      expired: db.prepare<[number], { key: string; blob: string | null; size: number }>('SELECT key, blob, size FROM entries WHERE last_access < ? ORDER BY last_access'),
      lru: db.prepare<[], { key: string; blob: string | null; size: number }>('SELECT key, blob, size FROM entries ORDER BY last_access ASC'),
    };
  }

  /** A clock that jumped backwards would make entries look accessed in the future and never expire. */
  private clampFutureAccess(): void {
    const now = this.clock();
    this.db.prepare('UPDATE entries SET last_access = ? WHERE last_access > ?').run(now, now);
  }

  private counter(name: string): number {
    return this.stmts.counters.all().find((c) => c.name === name)?.value ?? 0;
  }

  private blobAbs(rel: string): string {
    return path.join(this.dir, rel);
  }

  // ---- reads ----

  private hitRow(key: string): Row | null {
    const row = this.stmts.get.get(key);
    if (!row) {
      this.stmts.miss.run();
      return null;
    }
    if (row.blob !== null) {
      let size = -1;
      try {
        size = this.fs.statSync(this.blobAbs(row.blob)).size;
      } catch {
        size = -1;
      }
      if (size !== row.size) {
        // A missing or short blob is never served: drop the entry so the stage recomputes.
        this.dropRow(row);
        this.stmts.miss.run();
        return null;
      }
    }
    const now = Math.max(this.clock(), row.last_access);
    this.db.transaction(() => {
      this.stmts.touch.run(now, key);
      this.stmts.hitCounters.run(row.compute_ms, row.cost_usd);
      this.stmts.typeHit.run(row.type);
    })();
    return row;
  }

  private base(row: Row) {
    return {
      key: row.key, type: row.type as CacheEntryType, size: row.size, computeMs: row.compute_ms, costUsd: row.cost_usd,
      meta: row.meta === null ? null : (JSON.parse(row.meta) as unknown),
    };
  }

  getJson<T>(key: string): JsonHit<T> | null {
    const row = this.hitRow(key);
    if (!row) return null;
    try {
      const text = row.inline ?? fs.readFileSync(this.blobAbs(row.blob as string), 'utf8');
      return { ...this.base(row), value: JSON.parse(text) as T };
    } catch {
      this.dropRow(row);
      return null;
    }
  }

  getFile(key: string): FileHit | null {
    const row = this.hitRow(key);
    if (!row) return null;
    if (row.blob === null) return null;
    return { ...this.base(row), path: this.blobAbs(row.blob) };
  }

  /** Whether a key is present (no stats, no access update). */
  has(key: string): boolean {
    return this.stmts.get.get(key) !== undefined;
  }

  // ---- writes ----

  tmpPath(ext = ''): string {
    return path.join(this.tmpDir, `${randomUUID()}${ext}`);
  }

  private ioError(err: unknown, what: string): UserError {
    return new UserError('io', `Cannot write ${what} to the cache folder ${this.dir} (${errCode(err)}): free disk space or choose another data folder in Settings.`, this.dir);
  }

  private fsyncFile(file: string): void {
    const fd = this.fs.openSync(file, 'r+');
    try {
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Best effort: a directory fsync makes the rename durable where the platform allows it. */
  private fsyncDir(dir: string): void {
    try {
      const fd = this.fs.openSync(dir, 'r');
      try {
        this.fs.fsyncSync(fd);
      } finally {
        this.fs.closeSync(fd);
      }
    } catch {
      // Windows cannot open directories; the rename is still atomic.
    }
  }

  /** temp file (already written and fsynced) → blobs/, then the row; all or nothing. */
  private commit(key: string, type: CacheEntryType, tempFile: string, size: number, sha: string, ext: string, opts: PutOptions): void {
    const rel = blobRelPath(key, ext);
    const abs = this.blobAbs(rel);
    const old = this.stmts.get.get(key);
    try {
      this.fs.mkdirSync(path.dirname(abs), { recursive: true });
      this.fs.renameSync(tempFile, abs);
      this.fsyncDir(path.dirname(abs));
    } catch (err) {
      this.fs.rmSync(tempFile, { force: true });
      throw this.ioError(err, `a ${type} entry`);
    }
    const now = this.clock();
    this.db.transaction(() => {
      if (old) this.stmts.del.run(key);
      this.stmts.insert.run(key, type, size, null, rel, sha, now, now, opts.computeMs, opts.costUsd ?? 0, opts.meta === undefined ? null : JSON.stringify(opts.meta));
    })();
    // The old entry's blob had the same path (same key and extension) unless the extension changed.
    if (old?.blob && old.blob !== rel) fs.rmSync(this.blobAbs(old.blob), { force: true });
    this.evictIfNeeded();
  }

  putJson(key: string, type: CacheEntryType, value: unknown, opts: PutOptions): void {
    const text = JSON.stringify(value);
    const bytes = Buffer.byteLength(text);
    if (bytes <= INLINE_MAX) {
      const now = this.clock();
      const old = this.stmts.get.get(key);
      this.db.transaction(() => {
        if (old) this.stmts.del.run(key);
        this.stmts.insert.run(key, type, bytes, text, null, null, now, now, opts.computeMs, opts.costUsd ?? 0, opts.meta === undefined ? null : JSON.stringify(opts.meta));
      })();
      if (old?.blob) fs.rmSync(this.blobAbs(old.blob), { force: true });
      this.evictIfNeeded();
      return;
    }
    const tmp = this.tmpPath('.json');
    try {
      this.fs.writeFileSync(tmp, text);
      this.fsyncFile(tmp);
    } catch (err) {
      this.fs.rmSync(tmp, { force: true });
      throw this.ioError(err, `a ${type} entry`);
    }
    this.commit(key, type, tmp, bytes, createHash('sha256').update(text).digest('hex'), '.json', opts);
  }

  /** Moves a file the caller wrote under tmpPath() into the cache. */
  async putFile(key: string, type: CacheEntryType, tempFile: string, opts: PutOptions): Promise<FileHit> {
    let size: number;
    let sha: string;
    try {
      size = this.fs.statSync(tempFile).size;
      sha = await hashFile(tempFile);
      this.fsyncFile(tempFile);
    } catch (err) {
      this.fs.rmSync(tempFile, { force: true });
      throw this.ioError(err, `a ${type} file`);
    }
    this.commit(key, type, tempFile, size, sha, path.extname(tempFile), opts);
    const row = this.stmts.get.get(key) as Row;
    return { ...this.base(row), path: this.blobAbs(row.blob as string) };
  }

  // ---- coordination ----

  pin(key: string): void {
    this.pins.set(key, (this.pins.get(key) ?? 0) + 1);
  }

  unpin(key: string): void {
    const n = (this.pins.get(key) ?? 0) - 1;
    if (n <= 0) this.pins.delete(key);
    else this.pins.set(key, n);
  }

  isPinned(key: string): boolean {
    return this.pins.has(key);
  }

  singleFlight<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.flights.run(key, compute);
  }

  // ---- housekeeping ----

  private dropRow(row: { key: string; blob: string | null }): void {
    this.stmts.del.run(row.key);
    if (row.blob) fs.rmSync(this.blobAbs(row.blob), { force: true });
  }

  /** Deletes rows first, then their blobs: a crash in between leaves orphan blobs, which reconcile removes. */
  private dropMany(rows: { key: string; blob: string | null }[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.stmts.del.run(r.key);
    })();
    for (const r of rows) if (r.blob) fs.rmSync(this.blobAbs(r.blob), { force: true });
  }

  private evictIfNeeded(): { evicted: number; bytesFreed: number } {
    const total = this.counter('total_size');
    if (total <= this.limits.maxSize) return { evicted: 0, bytesFreed: 0 };
    const victims = selectVictims(this.stmts.lru.iterate(), total, Math.floor(this.limits.maxSize * 0.9), (k) => this.pins.has(k));
    this.dropMany(victims);
    return { evicted: victims.length, bytesFreed: victims.reduce((a, v) => a + v.size, 0) };
  }

  prune(): PruneReport {
    const cutoff = this.clock() - this.limits.maxAgeMs;
    const expired = this.stmts.expired.all(cutoff).filter((r) => !this.pins.has(r.key));
    this.dropMany(expired);
    const ev = this.evictIfNeeded();
    return { expired: expired.length, evicted: ev.evicted, bytesFreed: expired.reduce((a, r) => a + r.size, 0) + ev.bytesFreed };
  }

  setLimits(limits: Partial<CacheLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.prune();
  }

  getLimits(): CacheLimits {
    return { ...this.limits };
  }

  clear(): number {
    const rows = this.stmts.all.all().filter((r) => !this.pins.has(r.key));
    this.dropMany(rows);
    return rows.length;
  }

  private removeTempFiles(): number {
    let n = 0;
    for (const name of fs.readdirSync(this.tmpDir)) {
      fs.rmSync(path.join(this.tmpDir, name), { recursive: true, force: true });
      n++;
    }
    return n;
  }

  /** Rows without blobs and blobs without rows; temp files. */
  reconcile(): { rowsDropped: number; orphansRemoved: number; tempFilesRemoved: number } {
    const tempFilesRemoved = this.removeTempFiles();
    const r = reconcile(this.dir, this.stmts.all.all(), (rows) => this.dropMany(rows));
    return { ...r, tempFilesRemoved };
  }

  verify(): VerifyReport {
    const removed: VerifyReport['removed'] = [];
    const bad: Row[] = [];
    let checked = 0;
    for (const row of this.stmts.all.all()) {
      checked++;
      let reason: string | null = null;
      if (row.inline !== null) {
        try {
          JSON.parse(row.inline);
        } catch {
          reason = 'inline value is not valid JSON';
        }
      } else if (row.blob) {
        const abs = this.blobAbs(row.blob);
        if (!fs.existsSync(abs)) reason = 'blob file is missing';
        else if (fs.statSync(abs).size !== row.size) reason = `blob is ${fs.statSync(abs).size} bytes, expected ${row.size}`;
        else if (row.sha256 && hashFileSync(abs) !== row.sha256) reason = 'blob content does not match its hash';
      }
      if (reason) {
        removed.push({ key: row.key, type: row.type, reason });
        bad.push(row);
      }
    }
    this.dropMany(bad);
    const r = this.reconcile();
    return { checked, removed, orphanBlobsRemoved: r.orphansRemoved, tempFilesRemoved: r.tempFilesRemoved };
  }

  stats(): CacheStats {
    const c = Object.fromEntries(this.stmts.counters.all().map((r) => [r.name, r.value])) as Record<string, number>;
    const span = this.stmts.span.get() ?? { oldest: null, newest: null };
    const hits = c.hits ?? 0;
    const misses = c.misses ?? 0;
    const byType: CacheStats['byType'] = {};
    for (const t of this.stmts.types.all()) byType[t.type] = { entries: t.entries, size: t.size, hits: t.hits };
    return {
      entries: c.entries ?? 0,
      totalSize: c.total_size ?? 0,
      maxSize: this.limits.maxSize,
      totalHits: hits,
      misses,
      hitRate: hits + misses > 0 ? hits / (hits + misses) : 0,
      oldestEntry: span.oldest,
      newestEntry: span.newest,
      byType,
      timeSavedMs: c.time_saved_ms ?? 0,
      costSaved: c.cost_saved ?? 0,
    };
  }

  /** Before a heavy stage: fail early with the folder, the bytes needed and the fix. */
  ensureFreeSpace(bytesNeeded: number, what: string): void {
    let free: number;
    try {
      const s = fs.statfsSync(this.dir);
      free = s.bavail * s.bsize;
    } catch {
      return; // statfs unsupported: let the write itself report ENOSPC
    }
    if (free < bytesNeeded) {
      const mb = (n: number): string => `${Math.ceil(n / 1024 / 1024)} MB`;
      throw new UserError('io', `Not enough free disk in ${this.dir}: ${what} needs about ${mb(bytesNeeded)}, ${mb(free)} free. Free space or lower the cache limit in Settings.`, this.dir);
    }
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a checkpoint is an optimisation
    }
    this.db.close();
    fs.writeFileSync(path.join(this.dir, CLEAN_MARKER), String(this.clock()));
  }
}

function hashFileSync(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file).on('data', (d) => hash.update(d)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

/** A cache.db that fails to open or quick_check is moved aside; the cache starts empty. */
function openOrSetAside(dbFile: string, warn: (m: string) => void): Db {
  const tryOpen = (): Db => {
    const db = openDatabase(dbFile);
    try {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(String(check));
      migrate(db, CACHE_MIGRATIONS);
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  };
  try {
    return tryOpen();
  } catch (err) {
    const aside = `${dbFile}.corrupt-${Date.now()}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, aside + suffix);
    }
    warn(`The cache index ${dbFile} was damaged (${err instanceof Error ? err.message : String(err)}); it was moved to ${aside} and the cache starts empty.`);
    return tryOpen();
  }
}
