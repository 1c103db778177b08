/**
 * Opening SQLite databases the same way everywhere: WAL, synchronous=NORMAL (durable across
 * process crashes; a power cut may lose the last transactions, never corrupt), migrations by
 * PRAGMA user_version. The desktop app points REELFORGE_SQLITE_BINDING at a better-sqlite3
 * binary built for Electron's ABI; the CLI and tests use the package's own Node build.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function sqliteBindingOption(env: NodeJS.ProcessEnv = process.env): { nativeBinding?: string } {
  const binding = env.REELFORGE_SQLITE_BINDING;
  return binding ? { nativeBinding: binding } : {};
}

export function openDatabase(file: string, opts: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { ...sqliteBindingOption(), ...(opts.readonly ? { readonly: true } : {}) });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Applies migrations[user_version..] each in its own transaction. */
export function migrate(db: Db, migrations: string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
