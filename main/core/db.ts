/**
 * Opening SQLite databases the same way everywhere: WAL, synchronous=NORMAL (durable across
 * process crashes; a power cut may lose the last transactions, never corrupt), foreign keys on,
 * a busy timeout so a second process (GUI + `reelforge cache prune`) waits instead of failing,
 * and migrations keyed on PRAGMA user_version.
 *
 * The desktop app sets REELFORGE_SQLITE_BINDING to a better-sqlite3 binary built for Electron's
 * ABI; the CLI, the browser host and tests use the package's own Node build. Every module that
 * opens a database goes through `sqliteBindingOption()` so the rule lives in one place.
 */
import Database from 'better-sqlite3';
import { UserError } from './errors.js';

export type Db = Database.Database;

/** How long a connection waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export function sqliteBindingOption(env: NodeJS.ProcessEnv = process.env): { nativeBinding?: string } {
  const binding = env.REELFORGE_SQLITE_BINDING;
  return binding !== undefined && binding.trim() !== '' ? { nativeBinding: binding } : {};
}

export interface OpenDatabaseOptions {
  /** Open without write access (and without switching the journal mode, which is a write). */
  readonly?: boolean;
}

export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, {
    ...sqliteBindingOption(),
    timeout: BUSY_TIMEOUT_MS,
    ...(opts.readonly ? { readonly: true, fileMustExist: true } : {}),
  });
  try {
    // journal_mode is persistent in the file; a read-only connection inherits whatever it is.
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies migrations[user_version..] in order, each with its version bump in one transaction,
 * so a crash mid-migration leaves the previous version intact. A database from a newer
 * Reelforge (user_version beyond what this build knows) is refused, never rewritten.
 */
export function migrate(db: Db, migrations: readonly string[]): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new UserError(
      'config',
      `${db.name} was written by a newer version of Reelforge (schema ${current}, this build knows ${migrations.length}). Update Reelforge to open it.`,
      db.name,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    const sql = migrations[v] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
