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
    if (!opts.readonly) switchToWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * WAL needs a moment of exclusive access to switch on, and SQLite answers BUSY at once (no busy
 * handler) while another process holds the brand-new file — two hosts opening a new data folder
 * together. The mode is stored in the file: whoever gets there first switches it for both.
 */
function switchToWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function newerSchema(db: Db, current: number, known: number): UserError {
  return new UserError(
    'config',
    `${db.name} was written by a newer version of Reelforge (schema ${current}, this build knows ${known}). Update Reelforge to open it.`,
    db.name,
  );
}

/**
 * Applies migrations[user_version..] in order, each with its version bump in one transaction,
 * so a crash mid-migration leaves the previous version intact. Each transaction takes the write
 * lock first (BEGIN IMMEDIATE) and reads the version under it: another process opening the same
 * new data folder at the same moment migrates first, and this one then finds the step done
 * instead of creating the same tables again. A database from a newer Reelforge (user_version
 * beyond what this build knows) is refused, never rewritten.
 */
export function migrate(db: Db, migrations: readonly string[]): void {
  const step = db.transaction((): boolean => {
    const current = schemaVersion(db);
    if (current > migrations.length) throw newerSchema(db, current, migrations.length);
    if (current === migrations.length) return false;
    db.exec(migrations[current] as string);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  const seen = schemaVersion(db);
  if (seen > migrations.length) throw newerSchema(db, seen, migrations.length);
  if (seen === migrations.length) return;
  while (step.immediate()) {
    // one migration per transaction, until none is left
  }
}
