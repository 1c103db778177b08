/** The cache index. Counters are kept by triggers so stats never scan the table. */
export const CACHE_MIGRATIONS = [
  `
  CREATE TABLE entries (
    key TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    inline TEXT,
    blob TEXT,
    sha256 TEXT,
    created INTEGER NOT NULL,
    last_access INTEGER NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0,
    compute_ms REAL NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    meta TEXT
  ) WITHOUT ROWID;
  CREATE INDEX entries_last_access ON entries(last_access);
  CREATE TABLE counters (name TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
  INSERT INTO counters(name, value) VALUES ('entries', 0), ('total_size', 0), ('hits', 0), ('misses', 0), ('time_saved_ms', 0), ('cost_saved', 0);
  CREATE TABLE type_counters (type TEXT PRIMARY KEY, entries INTEGER NOT NULL, size INTEGER NOT NULL, hits INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TRIGGER entries_after_insert AFTER INSERT ON entries BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'entries';
    UPDATE counters SET value = value + NEW.size WHERE name = 'total_size';
    INSERT INTO type_counters(type, entries, size, hits) VALUES (NEW.type, 1, NEW.size, 0)
      ON CONFLICT(type) DO UPDATE SET entries = entries + 1, size = size + NEW.size;
  END;
  CREATE TRIGGER entries_after_delete AFTER DELETE ON entries BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'entries';
    UPDATE counters SET value = value - OLD.size WHERE name = 'total_size';
    UPDATE type_counters SET entries = entries - 1, size = size - OLD.size WHERE type = OLD.type;
  END;
  `,
];
