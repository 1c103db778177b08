/**
 * The SQL side of the cache: every statement prepared once (preparing costs more than running
 * a point lookup) and named for what it does. No filesystem work happens here.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db.js';
import type { StorageKind } from './schema.js';

export interface EntryRow {
  key: string;
  type: string;
  storage: StorageKind;
  ext: string;
  size: number;
  sha256: string | null;
  created: number;
  last_access: number;
  hits: number;
  compute_ms: number;
  cost_micros: number;
  meta: string | null;
  /** inline_values.id of an inline row; null for blobs. Set by replace(). */
  value_id: number | null;
}

export type EntryWithValue = EntryRow & { value: string | null };

/** What eviction, expiry and reconcile need to remove an entry and its blob. */
export interface EntryLocation {
  key: string;
  type: string;
  size: number;
  storage: StorageKind;
  ext: string;
}

export interface TotalsRow {
  entries: number;
  size: number;
  hits: number;
  misses: number;
  time_saved_ms: number;
  cost_saved_micros: number;
  evicted: number;
  expired: number;
  corrupt_dropped: number;
}

export type Counter = 'misses' | 'evicted' | 'expired' | 'corrupt_dropped';

const LOCATION_COLUMNS = 'key, type, size, storage, ext';

export class EntryIndex {
  private readonly sLookup: Statement<[string], EntryWithValue>;
  private readonly sHas: Statement<[string], number>;
  private readonly sTouch: Statement<[number, string]>;
  private readonly sInsert: Statement<[EntryRow]>;
  private readonly sInsertValue: Statement<[string]>;
  private readonly sDelete: Statement<[string], { type: string; size: number; storage: StorageKind; ext: string; value_id: number | null }>;
  private readonly sDeleteValue: Statement<[number]>;
  private readonly sTotalsRemove: Statement<[number, number]>;
  private readonly sTypeRemove: Statement<[number, number, string]>;
  private readonly sOldestFirst: Statement<[], EntryLocation>;
  private readonly sIdleBefore: Statement<[number], EntryLocation>;
  private readonly sNewestAccess: Statement<[], number | null>;
  private readonly sShiftFuture: Statement<[number, number, number]>;
  private readonly sTotals: Statement<[], TotalsRow>;
  private readonly sTypeTotals: Statement<[], { type: string; entries: number; size: number; hits: number }>;
  private readonly sOldestCreated: Statement<[], number | null>;
  private readonly sNewestCreated: Statement<[], number | null>;
  private readonly sAddCounter: Record<Counter, Statement<[number]>>;
  private readonly sAllLocations: Statement<[], EntryLocation & { sha256: string | null }>;
  private readonly sInlineValues: Statement<[], { key: string; type: string; size: number; value: string | null }>;
  private readonly sDoomedAdd: Statement<[string]>;
  private readonly sDoomedList: Statement<[], string>;
  private readonly sDoomedRemove: Statement<[string]>;
  private readonly sFileBySha256: Statement<[string], string>;

  readonly deleteMany: (keys: readonly string[]) => number;
  /** The last row deleteMany removed (replace() reports what it displaced). */
  private lastDeleted: EntryLocation | undefined;

  constructor(readonly db: Db) {
    this.sLookup = db.prepare(
      `SELECT e.*, v.value AS value FROM entries e LEFT JOIN inline_values v ON v.id = e.value_id WHERE e.key = ?`,
    );
    this.sHas = db.prepare<[string], number>('SELECT 1 FROM entries WHERE key = ?').pluck();
    this.sTouch = db.prepare('UPDATE entries SET hits = hits + 1, last_access = ? WHERE key = ?');
    this.sInsert = db.prepare(
      `INSERT INTO entries (key, type, storage, ext, size, sha256, created, last_access, hits, compute_ms, cost_micros, meta, value_id)
       VALUES (@key, @type, @storage, @ext, @size, @sha256, @created, @last_access, @hits, @compute_ms, @cost_micros, @meta, @value_id)`,
    );
    this.sInsertValue = db.prepare('INSERT INTO inline_values (value) VALUES (?)');
    this.sDelete = db.prepare('DELETE FROM entries WHERE key = ? RETURNING type, size, storage, ext, value_id');
    this.sDeleteValue = db.prepare('DELETE FROM inline_values WHERE id = ?');
    this.sTotalsRemove = db.prepare('UPDATE totals SET entries = entries - ?, size = size - ? WHERE id = 1');
    this.sTypeRemove = db.prepare('UPDATE type_totals SET entries = entries - ?, size = size - ? WHERE type = ?');
    this.sOldestFirst = db.prepare(`SELECT ${LOCATION_COLUMNS} FROM entries ORDER BY last_access, key`);
    this.sIdleBefore = db.prepare(`SELECT ${LOCATION_COLUMNS} FROM entries WHERE last_access < ? ORDER BY last_access, key`);
    this.sNewestAccess = db.prepare<[], number | null>('SELECT MAX(last_access) FROM entries').pluck();
    this.sShiftFuture = db.prepare('UPDATE entries SET last_access = ? - (? - last_access) WHERE last_access > ?');
    this.sTotals = db.prepare('SELECT * FROM totals WHERE id = 1');
    this.sTypeTotals = db.prepare('SELECT type, entries, size, hits FROM type_totals');
    // Two statements on purpose: SQLite answers a lone MIN() or MAX() from the index in one seek,
    // but a query with both scans the whole table.
    this.sOldestCreated = db.prepare<[], number | null>('SELECT MIN(created) FROM entries').pluck();
    this.sNewestCreated = db.prepare<[], number | null>('SELECT MAX(created) FROM entries').pluck();
    const counter = (c: Counter): Statement<[number]> => db.prepare(`UPDATE totals SET ${c} = ${c} + ? WHERE id = 1`);
    this.sAddCounter = { misses: counter('misses'), evicted: counter('evicted'), expired: counter('expired'), corrupt_dropped: counter('corrupt_dropped') };
    this.sAllLocations = db.prepare(`SELECT ${LOCATION_COLUMNS}, sha256 FROM entries WHERE storage <> 0`);
    this.sInlineValues = db.prepare(
      'SELECT e.key, e.type, e.size, v.value AS value FROM entries e LEFT JOIN inline_values v ON v.id = e.value_id WHERE e.storage = 0',
    );
    this.sDoomedAdd = db.prepare('INSERT OR IGNORE INTO doomed (relpath) VALUES (?)');
    this.sDoomedList = db.prepare<[], string>('SELECT relpath FROM doomed').pluck();
    this.sDoomedRemove = db.prepare('DELETE FROM doomed WHERE relpath = ?');
    // `storage = 2` matches the partial index entries_by_sha256.
    this.sFileBySha256 = db.prepare<[string], string>('SELECT key FROM entries WHERE sha256 = ? AND storage = 2 LIMIT 1').pluck();
    // Rows go one by one (RETURNING says what each held); the totals get one UPDATE per batch
    // and per type instead of a trigger firing per row.
    this.deleteMany = db.transaction((keys: readonly string[]) => {
      let count = 0;
      let bytes = 0;
      const perType = new Map<string, { count: number; bytes: number }>();
      for (const k of keys) {
        const gone = this.sDelete.get(k);
        if (gone === undefined) continue;
        this.lastDeleted = { key: k, type: gone.type, size: gone.size, storage: gone.storage, ext: gone.ext };
        if (gone.value_id !== null) this.sDeleteValue.run(gone.value_id);
        count++;
        bytes += gone.size;
        const t = perType.get(gone.type) ?? { count: 0, bytes: 0 };
        t.count++;
        t.bytes += gone.size;
        perType.set(gone.type, t);
      }
      if (count > 0) this.sTotalsRemove.run(count, bytes);
      for (const [type, t] of perType) this.sTypeRemove.run(t.count, t.bytes, type);
      return count;
    });
  }

  lookup(key: string): EntryWithValue | undefined {
    return this.sLookup.get(key);
  }

  has(key: string): boolean {
    return this.sHas.get(key) !== undefined;
  }

  /** One UPDATE per hit; the trigger adds hits, time and cost saved to the totals. */
  touch(key: string, now: number): void {
    this.sTouch.run(now, key);
  }

  /**
   * Replaces any row for the key and returns where the displaced row's data lived, so the
   * caller can remove a blob the new row no longer uses. Call inside a transaction.
   */
  replace(row: EntryRow, inlineValue: string | null): EntryLocation | undefined {
    // An explicit delete (not INSERT OR REPLACE) so the totals are adjusted for the old row.
    this.lastDeleted = undefined;
    this.deleteMany([row.key]);
    const displaced = this.lastDeleted;
    const valueId = inlineValue === null ? null : Number(this.sInsertValue.run(inlineValue).lastInsertRowid);
    this.sInsert.run({ ...row, value_id: valueId });
    return displaced;
  }

  /** The key of a file entry holding exactly this content, if any. */
  fileKeyBySha256(sha256: string): string | undefined {
    return this.sFileBySha256.get(sha256);
  }

  delete(key: string): boolean {
    return this.deleteMany([key]) > 0;
  }

  oldestFirst(): IterableIterator<EntryLocation> {
    return this.sOldestFirst.iterate();
  }

  idleBefore(cutoff: number): EntryLocation[] {
    return this.sIdleBefore.all(cutoff);
  }

  newestAccess(): number | null {
    return this.sNewestAccess.get() ?? null;
  }

  shiftFutureStamps(now: number, newest: number): number {
    return this.sShiftFuture.run(now, newest, now).changes;
  }

  totals(): TotalsRow {
    return this.sTotals.get() as TotalsRow;
  }

  typeTotals(): { type: string; entries: number; size: number; hits: number }[] {
    return this.sTypeTotals.all();
  }

  createdRange(): { oldest: number | null; newest: number | null } {
    return { oldest: this.sOldestCreated.get() ?? null, newest: this.sNewestCreated.get() ?? null };
  }

  addCounter(counter: Counter, n: number): void {
    if (n !== 0) this.sAddCounter[counter].run(n);
  }

  fileLocations(): (EntryLocation & { sha256: string | null })[] {
    return this.sAllLocations.all();
  }

  inlineValues(): IterableIterator<{ key: string; type: string; size: number; value: string | null }> {
    return this.sInlineValues.iterate();
  }

  addDoomed(relpath: string): void {
    this.sDoomedAdd.run(relpath);
  }

  doomed(): string[] {
    return this.sDoomedList.all();
  }

  removeDoomed(relpath: string): void {
    this.sDoomedRemove.run(relpath);
  }

  /** Rebuilds the maintained entry/size totals from the rows (after reconcile; never drifts otherwise). */
  recomputeTotals(): void {
    this.db.transaction(() => {
      this.db.exec(`
        UPDATE totals SET entries = (SELECT COUNT(*) FROM entries), size = (SELECT COALESCE(SUM(size), 0) FROM entries) WHERE id = 1;
        UPDATE type_totals SET entries = 0, size = 0;
        INSERT INTO type_totals (type, entries, size) SELECT type, COUNT(*), SUM(size) FROM entries WHERE true GROUP BY type
          ON CONFLICT (type) DO UPDATE SET entries = excluded.entries, size = excluded.size;
      `);
    })();
  }
}
