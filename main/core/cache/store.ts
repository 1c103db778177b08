/**
 * CacheStore: the content-addressed result cache of DESIGN §4 — a SQLite index (cache.db, WAL)
 * plus blob files — owned by one process (main or the CLI); workers write into tmpPath() and
 * hand the path back.
 *
 * Guarantees, and where they come from:
 * - Crash safety: a blob is written to tmp/, fsynced, renamed into blobs/ (directory fsynced),
 *   and only then is its row inserted, in one transaction. A crash at any point leaves no entry
 *   (plus debris reconcile removes) or a whole one.
 * - Never serving partial output: every hit stats the blob and compares the recorded size; a
 *   missing or short blob drops the entry and counts a miss. verify() re-hashes for same-size
 *   damage.
 * - Bounded size: LRU eviction to 90 % of maxSize after puts, idle expiry after maxAgeMs, pinned
 *   entries (in memory, so a crash releases them) never evicted.
 * - Failed writes (ENOSPC, EIO, EACCES …) leave the cache as it was and throw a UserError('io')
 *   that names the cache folder and the fix.
 * - Start-up: after a clean close only cheap work (header/length check of cache.db, dead temps,
 *   doomed unlinks, expiry, eviction: about 1 ms at 100k entries). After a crash: PRAGMA
 *   quick_check plus a full reconcile, run synchronously inside open() because together they
 *   take about half a second at 100k entries (bench/cache-index.ts) and lookups then never
 *   race a half-done repair. A damaged cache.db is set aside and the cache starts empty with
 *   one warning.
 * - Hot paths never checkpoint the WAL: an unref'd 2 s timer (and prune()) does, with SQLite's
 *   auto-checkpoint raised to ~32 MiB as the backstop.
 *
 * Two processes on one cache folder (the app and `reelforge cache …`) are tolerated: SQLite
 * serialises writers (busy_timeout), temp cleanup spares live PIDs, and the lazy size check
 * covers the rest. The clean-shutdown marker is per folder, so a crash in one process may be
 * masked by the other's clean close; the per-hit size check and verify() still hold.
 */
import path from 'node:path';
import type { Db } from '../db.js';
import { UserError } from '../errors.js';
import { blobRelPath, normaliseExt } from './blob-path.js';
import { freeBytes, notEnoughSpace } from './disk-space.js';
import { fsyncDir, fsyncFile, renameWithRetry, sha256Bytes, sha256File, writeFileDurably } from './durable-io.js';
import { EntryIndex, type Counter, type EntryLocation, type EntryRow, type EntryWithValue } from './entry-index.js';
import { bytesOverTarget, chooseVictims } from './evict.js';
import { expiryCutoff, futureLead, isExpired } from './expiry.js';
import { realFs, unlinkIfPresent, type FsSeam } from './fs-seam.js';
import { cacheWriteError } from './io-error.js';
import { isCacheKey } from './key.js';
import { openCacheIndex } from './open-index.js';
import { fullReconcile, retryDoomed, type CacheLayout, type ReconcileReport } from './reconcile.js';
import { INLINE_MAX_BYTES, Storage, type StorageKind } from './schema.js';
import { SingleFlight } from './single-flight.js';
import { readStats } from './stats.js';
import { newTempName, sweepTempDir } from './temp-files.js';
import type {
  CacheEntryType, CacheLimits, CacheStartupReport, CacheStats, FileHit, JsonHit, PruneReport, PutOptions, VerifyReport,
} from './types.js';
import { verifyCache } from './verify.js';

export const DEFAULT_CACHE_LIMITS: CacheLimits = {
  maxSize: 5 * 1024 ** 3,
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
};

export const CLEAN_SHUTDOWN_MARKER = 'clean-shutdown';
/** About 32 MiB of WAL at 4 KiB pages before SQLite checkpoints inside a commit. */
const AUTOCHECKPOINT_PAGES = 8192;
const CHECKPOINT_INTERVAL_MS = 2000;

export interface CacheStoreOptions {
  limits?: Partial<CacheLimits>;
  /** Epoch ms; injectable so expiry can be tested, including a clock that jumps backwards. */
  clock?: () => number;
  fs?: FsSeam;
  /** Called at most once per open, when cache.db had to be set aside. */
  warn?: (msg: string) => void;
}

function checkedLimits(base: CacheLimits, patch: Partial<CacheLimits>): CacheLimits {
  const next = { ...base, ...patch };
  for (const [name, v] of Object.entries(next)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new UserError('config', `Cache limit ${name} must be a positive number (got ${String(v)}).`, name);
  }
  return next;
}

function parseMeta(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class CacheStore {
  readonly cacheDir: string;
  readonly blobsDir: string;
  readonly tmpDir: string;
  readonly dbFile: string;
  /** What open() found and did. */
  readonly startup: CacheStartupReport;

  private readonly db: Db;
  private readonly index: EntryIndex;
  private readonly fsx: FsSeam;
  private readonly clock: () => number;
  private readonly pins = new Map<string, number>();
  private readonly flights = new SingleFlight();
  private limitsNow: CacheLimits;
  private closed = false;
  /** Set when verify() finds cache.db itself damaged: close() then leaves no clean marker. */
  private indexDamaged = false;
  private readonly checkpointTimer: NodeJS.Timeout;
  private readonly commitTx: (row: EntryRow, inlineValue: string | null) => EntryLocation | undefined;

  private constructor(cacheDir: string, db: Db, opts: CacheStoreOptions, limits: CacheLimits) {
    this.cacheDir = cacheDir;
    this.blobsDir = path.join(cacheDir, 'blobs');
    this.tmpDir = path.join(cacheDir, 'tmp');
    this.dbFile = path.join(cacheDir, 'cache.db');
    this.db = db;
    this.index = new EntryIndex(db);
    this.fsx = opts.fs ?? realFs;
    this.clock = opts.clock ?? Date.now;
    this.limitsNow = limits;
    this.commitTx = db.transaction((row: EntryRow, inlineValue: string | null) => this.index.replace(row, inlineValue));
    // WAL checkpoints fsync and copy pages: run them on an idle timer, not inside a lookup or a
    // put. SQLite's own auto-checkpoint stays as a backstop with a larger threshold so the WAL
    // stays bounded in a process that never goes idle (a CLI batch loop).
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    this.checkpointTimer = setInterval(() => this.checkpointWal(), CHECKPOINT_INTERVAL_MS);
    this.checkpointTimer.unref();
    this.startup = { mode: 'clean', setAsidePath: null, rowsDropped: 0, orphanBlobsRemoved: 0, tempFilesRemoved: 0, pruned: { expired: 0, evicted: 0, bytesFreed: 0 }, ms: 0 };
  }

  static open(cacheDir: string, opts: CacheStoreOptions = {}): CacheStore {
    const started = performance.now();
    const dir = path.resolve(cacheDir);
    const fsx = opts.fs ?? realFs;
    const limits = checkedLimits(DEFAULT_CACHE_LIMITS, opts.limits ?? {});
    try {
      fsx.mkdirSync(path.join(dir, 'blobs'), { recursive: true });
      fsx.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    } catch (err) {
      throw cacheWriteError(err, dir, 'anything');
    }
    const dbFile = path.join(dir, 'cache.db');
    const marker = path.join(dir, CLEAN_SHUTDOWN_MARKER);
    const hadIndex = fsx.statSync(dbFile) !== undefined;
    const wasClean = hadIndex && fsx.statSync(marker) !== undefined;
    let warned = false;
    const warnOnce = (msg: string): void => {
      if (warned) return;
      warned = true;
      (opts.warn ?? ((m: string) => process.emitWarning(m, 'ReelforgeCache')))(msg);
    };
    const opened = openCacheIndex(dbFile, fsx, warnOnce, !wasClean);
    // From here until close() a crash must be detectable: the marker goes before any work.
    unlinkIfPresent(fsx, marker);
    const store = new CacheStore(dir, opened.db, opts, limits);
    try {
      const mode: CacheStartupReport['mode'] = opened.setAsidePath !== null ? 'recovered' : wasClean ? 'clean' : 'unclean';
      let rec: ReconcileReport = { rowsDropped: 0, orphanBlobsRemoved: 0, tempFilesRemoved: 0 };
      if (mode === 'clean') {
        rec.tempFilesRemoved = sweepTempDir(fsx, store.tmpDir, { now: Date.now() });
        retryDoomed(fsx, store.index, store.cacheDir);
      } else {
        rec = store.reconcile();
      }
      const pruned = store.prune();
      Object.assign(store.startup, { mode, setAsidePath: opened.setAsidePath, ...rec, pruned, ms: performance.now() - started });
      return store;
    } catch (err) {
      // Leave no clean marker: the next start must repeat the full check.
      store.indexDamaged = true;
      store.close();
      throw cacheWriteError(err, dir, 'the cache index');
    }
  }

  get limits(): CacheLimits {
    return { ...this.limitsNow };
  }

  private get layout(): CacheLayout {
    return { cacheDir: this.cacheDir, blobsDir: this.blobsDir, tmpDir: this.tmpDir };
  }

  private blobPath(key: string, ext: string): string {
    return path.join(this.cacheDir, blobRelPath(key, ext));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('CacheStore used after close()');
  }

  // ---------------------------------------------------------------- reads

  /** Is there an entry for the key? No side effects: no stats, no LRU bump, no blob check. */
  has(key: string): boolean {
    this.assertOpen();
    return this.index.has(key);
  }

  getJson<T>(key: string): JsonHit<T> | null {
    const row = this.liveRow(key);
    if (row === null) return null;
    if (row.storage === Storage.File) throw new Error(`Cache entry ${key.slice(0, 12)}… holds a ${row.type} file, not JSON: use getFile().`);
    let text: string | null = row.value;
    if (row.storage === Storage.JsonBlob) {
      const file = this.blobPath(row.key, row.ext);
      text = this.blobMatchesRow(file, row) ? this.readText(file, row.size) : null;
    }
    let value: T;
    try {
      if (text === null) throw new Error('value missing');
      value = JSON.parse(text) as T;
    } catch {
      return this.dropDamaged(row);
    }
    this.recordHit(key);
    return { ...this.hitBase(row), value };
  }

  getFile(key: string): FileHit | null {
    const row = this.liveRow(key);
    if (row === null) return null;
    if (row.storage !== Storage.File) throw new Error(`Cache entry ${key.slice(0, 12)}… holds JSON, not a file: use getJson().`);
    const file = this.blobPath(row.key, row.ext);
    if (!this.blobMatchesRow(file, row)) return this.dropDamaged(row);
    this.recordHit(key);
    return { ...this.hitBase(row), path: file, sha256: row.sha256 };
  }

  /**
   * Like getFile, but not a lookup for the statistics: no hit or miss counted, no LRU bump.
   * For a caller that just stored the entry and needs its FileHit (path, size, meta). A damaged
   * blob is still dropped and null returned — partial output is never handed out.
   */
  peekFile(key: string): FileHit | null {
    this.assertOpen();
    const row = isCacheKey(key) ? this.index.lookup(key) : undefined;
    if (row === undefined || row.storage !== Storage.File) return null;
    const file = this.blobPath(row.key, row.ext);
    if (!this.blobMatchesRow(file, row)) {
      this.removeEntries([row], 'corrupt_dropped');
      return null;
    }
    return { ...this.hitBase(row), path: file, sha256: row.sha256 };
  }

  /**
   * A stored file with exactly this content (whatever entry holds it), for the farm's content
   * endpoint. Like peekFile: not a lookup for the statistics, and a damaged blob is dropped.
   */
  peekFileBySha256(sha256: string): FileHit | null {
    this.assertOpen();
    if (!isCacheKey(sha256)) return null; // same 64-hex shape
    const key = this.index.fileKeyBySha256(sha256);
    return key === undefined ? null : this.peekFile(key);
  }

  /** The row for a key if it may be served, counting a miss (and dropping it if expired) otherwise. */
  private liveRow(key: string): EntryWithValue | null {
    this.assertOpen();
    const row = isCacheKey(key) ? this.index.lookup(key) : undefined;
    if (row === undefined) {
      this.count('misses', 1);
      return null;
    }
    if (isExpired(row.last_access, this.clock(), this.limitsNow.maxAgeMs) && !this.isPinned(key)) {
      this.removeEntries([row], 'expired');
      this.count('misses', 1);
      return null;
    }
    return row;
  }

  private blobMatchesRow(file: string, row: EntryRow): boolean {
    const st = this.fsx.statSync(file);
    return st !== undefined && st.isFile() && st.size === row.size && this.headIsWritten(file, row.size);
  }

  /**
   * A crash with delayed allocation can leave a file of the right size full of zeros. Every
   * format the cache holds (WAV, MP4, JPEG, JSON) starts with a non-zero header, so a zeroed
   * first block means damage. One 4 KiB read per hit: far cheaper than re-hashing the blob.
   */
  private headIsWritten(file: string, size: number): boolean {
    if (size === 0) return true;
    const n = Math.min(4096, size);
    const buf = Buffer.alloc(n);
    let fd: number | undefined;
    try {
      fd = this.fsx.openSync(file, 'r');
      const got = this.fsx.readSync(fd, buf, 0, n, 0);
      if (got < n) return false;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) this.fsx.closeSync(fd);
    }
    for (let i = 0; i < n; i++) if (buf[i] !== 0) return true;
    return false;
  }

  private readText(file: string, size: number): string | null {
    try {
      const buf = this.fsx.readFileSync(file);
      return buf.length === size ? buf.toString('utf8') : null;
    } catch {
      return null;
    }
  }

  private dropDamaged(row: EntryLocation): null {
    this.removeEntries([row], 'corrupt_dropped');
    this.count('misses', 1);
    return null;
  }

  private recordHit(key: string): void {
    try {
      this.index.touch(key, this.clock());
    } catch {
      // Another process holding the write lock past busy_timeout costs one hit in the stats, not the hit.
    }
  }

  private count(counter: Counter, n: number): void {
    try {
      this.index.addCounter(counter, n);
    } catch {
      // Statistics only; never fail a lookup over them.
    }
  }

  private hitBase(row: EntryRow): Omit<JsonHit<unknown>, 'value'> {
    return {
      key: row.key,
      type: row.type as CacheEntryType,
      size: row.size,
      computeMs: row.compute_ms,
      costUsd: row.cost_micros / 1e6,
      meta: parseMeta(row.meta),
    };
  }

  // ---------------------------------------------------------------- writes

  /** A fresh path under <cache>/tmp for a worker or stage to write into, then putFile(). */
  tmpPath(ext: string): string {
    this.assertOpen();
    this.fsx.mkdirSync(this.tmpDir, { recursive: true });
    return path.join(this.tmpDir, newTempName(ext));
  }

  putJson(key: string, type: CacheEntryType, value: unknown, opts: PutOptions): void {
    this.assertOpen();
    assertKey(key);
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError(`Cannot cache a ${type} value that is not JSON (${typeof value}).`);
    const byteLength = Buffer.byteLength(text, 'utf8');
    if (byteLength <= INLINE_MAX_BYTES) {
      try {
        this.commitRow(this.newRow(key, type, Storage.InlineJson, '', byteLength, null, opts), text);
      } catch (err) {
        throw cacheWriteError(err, this.cacheDir, `the ${type}`);
      }
    } else {
      const bytes = Buffer.from(text, 'utf8');
      const temp = path.join(this.tmpDir, newTempName('.json'));
      try {
        writeFileDurably(this.fsx, temp, bytes);
      } catch (err) {
        unlinkIfPresent(this.fsx, temp);
        throw cacheWriteError(err, this.cacheDir, `the ${type}`);
      }
      this.publish(temp, this.newRow(key, type, Storage.JsonBlob, '.json', bytes.length, sha256Bytes(bytes), opts));
    }
    this.evictAfterPut(key);
  }

  /**
   * Moves `srcTempPath` (from tmpPath(), fully written and validated by the caller) into the
   * cache. The temp file is consumed: on success it becomes the blob, on failure it is deleted.
   */
  putFile(key: string, type: CacheEntryType, srcTempPath: string, opts: PutOptions): void {
    this.assertOpen();
    assertKey(key);
    const src = path.resolve(srcTempPath);
    // Same folder as blobs/ → same volume → the rename is atomic; and tmp/ is what reconcile cleans.
    if (path.dirname(src) !== this.tmpDir) throw new Error(`putFile expects a path from tmpPath() under ${this.tmpDir}, got ${src}`);
    let size: number;
    let sha256: string;
    try {
      const st = this.fsx.statSync(src);
      if (st === undefined || !st.isFile()) throw new Error(`The ${type} output ${src} does not exist; nothing was cached.`);
      fsyncFile(this.fsx, src);
      if (opts.sha256 !== undefined) {
        size = st.size;
        sha256 = opts.sha256;
      } else {
        ({ size, sha256 } = sha256File(this.fsx, src));
      }
    } catch (err) {
      unlinkIfPresent(this.fsx, src);
      throw cacheWriteError(err, this.cacheDir, `the ${type}`);
    }
    this.publish(src, this.newRow(key, type, Storage.File, normaliseExt(path.extname(src)), size, sha256, opts));
    this.evictAfterPut(key);
  }

  private newRow(key: string, type: CacheEntryType, storage: StorageKind, ext: string, size: number, sha256: string | null, opts: PutOptions): EntryRow {
    const now = this.clock();
    return {
      key, type, storage, ext, size, sha256,
      created: now,
      last_access: now,
      hits: 0,
      compute_ms: Number.isFinite(opts.computeMs) ? Math.max(0, opts.computeMs) : 0,
      cost_micros: Math.max(0, Math.round((opts.costUsd ?? 0) * 1e6)) || 0,
      meta: opts.meta === undefined ? null : (JSON.stringify(opts.meta) ?? null),
      value_id: null,
    };
  }

  /** rename temp → blobs/ab/cdef… (+ directory fsync) → insert the row. Undone on any failure. */
  private publish(temp: string, row: EntryRow): void {
    const dest = this.blobPath(row.key, row.ext);
    const dir = path.dirname(dest);
    let renamed = false;
    try {
      this.fsx.mkdirSync(dir, { recursive: true });
      renameWithRetry(this.fsx, temp, dest);
      renamed = true;
      fsyncDir(this.fsx, dir);
      this.commitRow(row, null);
    } catch (err) {
      // The row was not committed, so the blob must not stay: it would be an orphan at best.
      unlinkIfPresent(this.fsx, renamed ? dest : temp);
      throw cacheWriteError(err, this.cacheDir, `the ${row.type}`);
    }
  }

  private commitRow(row: EntryRow, inlineValue: string | null): void {
    const old = this.commitTx(row, inlineValue);
    // A replaced entry whose blob lived at another path (other extension, or now inline).
    if (old !== undefined && old.storage !== Storage.InlineJson) {
      const oldPath = this.blobPath(old.key, old.ext);
      const newPath = row.storage === Storage.InlineJson ? null : this.blobPath(row.key, row.ext);
      if (oldPath !== newPath) this.unlinkBlob(old);
    }
  }

  // ---------------------------------------------------------------- removal

  /**
   * Deletes rows in one transaction, then their blobs. Row first: a crash in between leaves an
   * orphan file (reconcile removes it), never a row pointing at a missing blob.
   */
  private removeEntries(entries: readonly EntryLocation[], counter: Counter | null): number {
    if (entries.length === 0) return 0;
    let removed = 0;
    this.db.transaction(() => {
      removed = this.index.deleteMany(entries.map((e) => e.key));
      if (counter !== null) this.index.addCounter(counter, removed);
    })();
    let bytes = 0;
    for (const e of entries) {
      bytes += e.size;
      if (e.storage !== Storage.InlineJson) this.unlinkBlob(e);
    }
    return bytes;
  }

  private unlinkBlob(e: Pick<EntryLocation, 'key' | 'ext'>): void {
    const rel = blobRelPath(e.key, e.ext);
    if (!unlinkIfPresent(this.fsx, path.join(this.cacheDir, rel))) {
      try {
        this.index.addDoomed(rel);
      } catch {
        // Worst case the file stays an orphan until the next reconcile.
      }
    }
  }

  // ---------------------------------------------------------------- pins and single flight

  /** Pins are an in-memory refcount: a crash releases them all, so none can go stale. */
  pin(key: string): void {
    this.pins.set(key, (this.pins.get(key) ?? 0) + 1);
  }

  unpin(key: string): void {
    const n = this.pins.get(key) ?? 0;
    if (n <= 1) this.pins.delete(key);
    else this.pins.set(key, n - 1);
  }

  isPinned(key: string): boolean {
    return this.pins.has(key);
  }

  singleFlight<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.flights.run(key, compute);
  }

  // ---------------------------------------------------------------- maintenance

  stats(): CacheStats {
    this.assertOpen();
    return readStats(this.index, this.limitsNow.maxSize);
  }

  /** Expire idle entries, then evict LRU down to 90 % of maxSize if over it. Pinned entries stay. */
  prune(): PruneReport {
    this.assertOpen();
    // Maintenance is the idle moment to fold the WAL back into the database, so the index scans
    // below read pages directly instead of through a long WAL.
    this.checkpointWal();
    const expired = this.expireIdle();
    const evicted = this.evictOverLimit(null);
    return { expired: expired.count, evicted: evicted.count, bytesFreed: expired.bytes + evicted.bytes };
  }

  private expireIdle(): { count: number; bytes: number } {
    const now = this.clock();
    const newest = this.index.newestAccess();
    const lead = futureLead(newest, now);
    if (lead > 0 && newest !== null) this.index.shiftFutureStamps(now, newest);
    const victims = this.index.idleBefore(expiryCutoff(now, this.limitsNow.maxAgeMs)).filter((v) => !this.isPinned(v.key));
    return { count: victims.length, bytes: this.removeEntries(victims, 'expired') };
  }

  private evictOverLimit(justStored: string | null): { count: number; bytes: number } {
    const need = bytesOverTarget(this.index.totals().size, this.limitsNow.maxSize);
    if (need <= 0) return { count: 0, bytes: 0 };
    // The entry just stored is spared so its caller can use it; the next pass may take it.
    const victims = chooseVictims(this.index.oldestFirst(), need, (k) => k === justStored || this.isPinned(k));
    return { count: victims.length, bytes: this.removeEntries(victims, 'evicted') };
  }

  private evictAfterPut(key: string): void {
    try {
      this.evictOverLimit(key);
    } catch {
      // The put itself succeeded; an eviction that failed now is retried after the next put.
    }
  }

  /** Removes one entry and its blob unless a running job has it pinned. True when it was removed. */
  remove(key: string): boolean {
    this.assertOpen();
    if (this.isPinned(key) || !isCacheKey(key)) return false;
    const row = this.index.lookup(key);
    if (row === undefined) return false;
    this.removeEntries([row], null);
    return true;
  }

  /** Removes every unpinned entry. Hit/miss history is kept. Returns how many were removed. */
  clear(): number {
    this.assertOpen();
    const all = [...this.index.oldestFirst()].filter((e) => !this.isPinned(e.key));
    this.removeEntries(all, null);
    return all.length;
  }

  /**
   * Full reconcile (rows without blobs, blobs without rows, dead temps, counters rebuilt). open()
   * runs it after an unclean shutdown; hosts may call it to repair without re-hashing.
   */
  reconcile(): ReconcileReport {
    this.assertOpen();
    // Temps are judged by wall-clock mtimes, so they use Date.now(), not the injectable clock.
    return fullReconcile(this.fsx, this.index, this.layout, Date.now());
  }

  private checkpointWal(): void {
    if (this.closed) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing disk: the auto-checkpoint backstop or the next tick tries again.
    }
  }

  verify(): VerifyReport {
    this.assertOpen();
    const rows = this.db.pragma('quick_check') as { quick_check: string }[];
    const indexProblems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (indexProblems.length > 0) {
      this.indexDamaged = true;
      // Reported as a removal too, so hosts that only count removals still say "damaged".
      const removed = [{ key: 'cache.db', type: 'index', reason: `${indexProblems[0] ?? 'damaged'}; it is set aside at the next start` }];
      return { checked: 0, removed, orphanBlobsRemoved: 0, tempFilesRemoved: 0, indexProblems };
    }
    return { ...verifyCache(this.fsx, this.index, this.layout, Date.now()), indexProblems };
  }

  setLimits(limits: Partial<CacheLimits>): PruneReport {
    this.assertOpen();
    this.limitsNow = checkedLimits(this.limitsNow, limits);
    return this.prune();
  }

  /**
   * Throws UserError('io') when the cache's disk has less than `bytesNeeded` free, after first
   * evicting unpinned cache files (the one thing on that disk Reelforge may delete) to cover
   * the shortfall. Platforms without statfs skip the check.
   */
  ensureFreeSpace(bytesNeeded: number, what: string): void {
    this.assertOpen();
    let free: number;
    try {
      free = freeBytes(this.fsx, this.cacheDir);
    } catch {
      return;
    }
    if (free >= bytesNeeded) return;
    const files = function* (all: Iterable<EntryLocation>): Generator<EntryLocation> {
      for (const e of all) if (e.storage !== Storage.InlineJson) yield e;
    };
    const victims = chooseVictims(files(this.index.oldestFirst()), bytesNeeded - free, (k) => this.isPinned(k));
    if (victims.length > 0) {
      this.removeEntries(victims, 'evicted');
      try {
        free = freeBytes(this.fsx, this.cacheDir);
      } catch {
        return;
      }
    }
    if (free < bytesNeeded) throw notEnoughSpace(this.cacheDir, what, bytesNeeded, free);
  }

  /** Closes the index and writes the clean-shutdown marker (so the next open takes the cheap path). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.checkpointTimer);
    this.db.close();
    if (this.indexDamaged) return; // the next open runs quick_check and sets the file aside
    try {
      this.fsx.writeFileSync(path.join(this.cacheDir, CLEAN_SHUTDOWN_MARKER), '');
    } catch {
      // Without the marker the next start does a full reconcile: slower, never wrong.
    }
  }
}

function assertKey(key: string): void {
  if (!isCacheKey(key)) throw new TypeError(`Not a cache key (expected 64 lowercase hex from cacheKey()): ${key.slice(0, 80)}`);
}

