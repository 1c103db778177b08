/**
 * The cache index (cache.db), versioned by PRAGMA user_version through db.ts's migrate().
 *
 * - `entries` holds only small metadata columns (WITHOUT ROWID, keyed by the 64-hex key) so
 *   lookups are one B-tree seek and LRU/reconcile scans stay fast; inline JSON values (≤ 32 KiB)
 *   live in `inline_values` (by rowid), whose large rows would otherwise bloat every scan.
 * - `storage`: 0 = JSON inline, 1 = JSON in a blob file, 2 = file (media) blob. The blob path is
 *   derived from key + ext (blob-path.ts), never stored.
 * - `totals` (one row) and `type_totals` are maintained in the same transaction as the row
 *   change — by triggers for inserts and hits, by EntryIndex.deleteMany for deletes (one
 *   aggregated UPDATE per batch) — so stats never scan and cannot drift from the rows. Hits, misses, time
 *   and cost saved are history: they survive eviction and clear().
 * - `doomed` lists blob files whose unlink failed (a Windows lock); start-up retries them.
 * - Times are integer epoch ms from the store's clock; cost is integer micro-USD (no float drift).
 */
export const CACHE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE entries (
    key         TEXT PRIMARY KEY NOT NULL,
    type        TEXT NOT NULL,
    storage     INTEGER NOT NULL CHECK (storage IN (0, 1, 2)),
    ext         TEXT NOT NULL DEFAULT '',
    size        INTEGER NOT NULL CHECK (size >= 0),
    sha256      TEXT,
    created     INTEGER NOT NULL,
    last_access INTEGER NOT NULL,
    hits        INTEGER NOT NULL DEFAULT 0,
    compute_ms  REAL NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    meta        TEXT,
    value_id    INTEGER  -- inline_values.id for storage 0, else NULL
  ) WITHOUT ROWID;
  -- LRU order and idle expiry; the index also carries the key, so (last_access, key) is total.
  CREATE INDEX entries_by_last_access ON entries(last_access);
  -- oldest/newest for stats without a scan.
  CREATE INDEX entries_by_created ON entries(created);

  -- Addressed by rowid from entries.value_id: appends at the right edge and no second index
  -- keyed by a random hash, which keeps an inline insert or delete to fewer page writes.
  CREATE TABLE inline_values (id INTEGER PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE totals (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    entries         INTEGER NOT NULL DEFAULT 0,
    size            INTEGER NOT NULL DEFAULT 0,
    hits            INTEGER NOT NULL DEFAULT 0,
    misses          INTEGER NOT NULL DEFAULT 0,
    time_saved_ms   REAL NOT NULL DEFAULT 0,
    cost_saved_micros INTEGER NOT NULL DEFAULT 0,
    evicted         INTEGER NOT NULL DEFAULT 0,
    expired         INTEGER NOT NULL DEFAULT 0,
    corrupt_dropped INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO totals (id) VALUES (1);

  CREATE TABLE type_totals (
    type    TEXT PRIMARY KEY NOT NULL,
    entries INTEGER NOT NULL DEFAULT 0,
    size    INTEGER NOT NULL DEFAULT 0,
    hits    INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  CREATE TABLE doomed (relpath TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;

  CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
    UPDATE totals SET entries = entries + 1, size = size + NEW.size WHERE id = 1;
    INSERT INTO type_totals (type, entries, size) VALUES (NEW.type, 1, NEW.size)
      ON CONFLICT (type) DO UPDATE SET entries = entries + 1, size = size + excluded.size;
  END;

  -- Deletes are accounted in code (EntryIndex.deleteMany), in the same transaction: eviction
  -- removes thousands of rows at once, and per-row triggers made that three times slower.

  -- A hit (hits + 1) adds the time and cost it saved to the history.
  CREATE TRIGGER entries_au_hits AFTER UPDATE OF hits ON entries WHEN NEW.hits > OLD.hits BEGIN
    UPDATE totals SET hits = hits + (NEW.hits - OLD.hits),
      time_saved_ms = time_saved_ms + NEW.compute_ms * (NEW.hits - OLD.hits),
      cost_saved_micros = cost_saved_micros + NEW.cost_micros * (NEW.hits - OLD.hits)
      WHERE id = 1;
    UPDATE type_totals SET hits = hits + (NEW.hits - OLD.hits) WHERE type = NEW.type;
  END;
  `,
  // The farm's content endpoint finds a stored file by its content (render-farm.md §3: the
  // controller's cache is the farm's content-addressed store). Partial: JSON rows never match.
  `
  CREATE INDEX entries_by_sha256 ON entries(sha256) WHERE storage = 2;
  `,
];

/** Values up to this many UTF-8 bytes live in the row; larger JSON goes to a blob file. */
export const INLINE_MAX_BYTES = 32 * 1024;

export const Storage = { InlineJson: 0, JsonBlob: 1, File: 2 } as const;
export type StorageKind = (typeof Storage)[keyof typeof Storage];
