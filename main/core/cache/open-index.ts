/**
 * Opening cache.db. The cache is disposable and the user's queue is not (it lives in
 * reelforge.db, which this file never touches), so a cache.db that cannot be trusted — garbage
 * header, truncated, fails `PRAGMA quick_check`, or written by a newer Reelforge — is renamed
 * aside as `cache.db.corrupt-<timestamp>` (with its -wal/-shm) and a fresh index is created.
 * Chromium's rule: a corrupt index is rebuilt, never trusted. After an unclean shutdown the
 * whole file is checked with PRAGMA quick_check; after a clean one a header/length check
 * suffices (see checkHeader), and `verify()` runs the full integrity check on request.
 * Errors that are not about the
 * file's contents (permissions, a locked file) are reported, not "repaired" by moving data.
 */
import path from 'node:path';
import { migrate, openDatabase, type Db } from '../db.js';
import { UserError } from '../errors.js';
import { errnoCode, type FsSeam } from './fs-seam.js';
import { CACHE_MIGRATIONS } from './schema.js';

export interface OpenedIndex {
  db: Db;
  /** The file the damaged index was moved to, when it had to be set aside. */
  setAsidePath: string | null;
}

function isDamage(err: unknown): boolean {
  if (err instanceof UserError) return err.kind === 'config'; // newer schema (db.ts migrate)
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

function damage(message: string): Error {
  return Object.assign(new Error(message), { code: 'SQLITE_CORRUPT' });
}

/**
 * The cheap structural check for a database that was closed cleanly (its WAL checkpointed into
 * the main file): the 100-byte header must be SQLite's, and the file must be at least as long
 * as the page count the header records — which catches a garbage header and truncation without
 * reading the whole file. quick_check reads every page (about 5 ms per 1,000 pages), which at
 * 100k entries with inline JSON is half a second: too slow for every start, right after a crash.
 */
function checkHeader(fsx: FsSeam, file: string): void {
  const st = fsx.statSync(file);
  if (st === undefined || st.size === 0) return; // absent or empty: SQLite creates a fresh database
  const header = Buffer.alloc(100);
  const fd = fsx.openSync(file, 'r');
  let n: number;
  try {
    n = fsx.readSync(fd, header, 0, 100, 0);
  } finally {
    fsx.closeSync(fd);
  }
  if (n < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw damage('not an SQLite header');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The in-header size is only valid when the change counter matches "version-valid-for".
  const sizeValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  if (sizeValid && pages > 0 && st.size < pages * pageSize) {
    throw damage(`truncated: ${st.size} bytes, the header says ${pages * pageSize}`);
  }
}

/**
 * The tables must look like this build's schema: a development build's cache.db can carry the
 * same user_version with different tables, and would otherwise fail on the first statement.
 */
function checkShape(db: Db): void {
  try {
    db.prepare('SELECT key, type, storage, ext, size, sha256, created, last_access, hits, compute_ms, cost_micros, meta, value_id FROM entries LIMIT 0').all();
    db.prepare('SELECT id, value FROM inline_values LIMIT 0').all();
    db.prepare('SELECT entries, size, hits, misses, time_saved_ms, cost_saved_micros, evicted, expired, corrupt_dropped FROM totals LIMIT 0').all();
    db.prepare('SELECT type, entries, size, hits FROM type_totals LIMIT 0').all();
    db.prepare('SELECT relpath FROM doomed LIMIT 0').all();
  } catch (err) {
    throw damage(`unexpected schema (${err instanceof Error ? err.message : String(err)})`);
  }
}

function openTrusted(file: string, fsx: FsSeam, thorough: boolean): Db {
  if (!thorough) checkHeader(fsx, file);
  const db = openDatabase(file);
  try {
    if (thorough) {
      const rows = db.pragma('quick_check') as { quick_check: string }[];
      if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
        throw damage(`quick_check: ${rows.map((r) => r.quick_check).slice(0, 3).join('; ')}`);
      }
    }
    try {
      migrate(db, CACHE_MIGRATIONS);
    } catch (err) {
      // A later migration that cannot apply (no such column) means the tables are not ours.
      if ((err as { code?: unknown }).code === 'SQLITE_ERROR') throw damage(`unexpected schema (${err instanceof Error ? err.message : String(err)})`);
      throw err;
    }
    checkShape(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function timestampForName(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/**
 * @param thorough run PRAGMA quick_check (after an unclean shutdown, when damage is likely);
 *   otherwise only the header/length check.
 */
export function openCacheIndex(dbFile: string, fsx: FsSeam, warn: (msg: string) => void, thorough: boolean): OpenedIndex {
  try {
    return { db: openTrusted(dbFile, fsx, thorough), setAsidePath: null };
  } catch (err) {
    if (!isDamage(err)) {
      const code = errnoCode(err) ?? (err as { code?: string }).code ?? 'error';
      throw new UserError(
        'io',
        `Cannot open the cache index ${dbFile} (${code}): check the folder's permissions, or choose another data folder in Settings.`,
        path.dirname(dbFile),
        { cause: err },
      );
    }
    const aside = `${dbFile}.corrupt-${timestampForName(Date.now())}`;
    // The -wal belongs to the damaged file: replaying it into a fresh database would corrupt it.
    for (const suffix of ['', '-wal', '-shm']) {
      if (fsx.statSync(dbFile + suffix) === undefined) continue;
      if (suffix === '') fsx.renameSync(dbFile, aside);
      else fsx.renameSync(dbFile + suffix, aside + suffix);
    }
    const reason = err instanceof Error ? err.message : String(err);
    warn(`The cache index ${dbFile} was damaged (${reason}); it was moved to ${aside} and the cache starts empty.`);
    return { db: openTrusted(dbFile, fsx, false), setAsidePath: aside };
  }
}
