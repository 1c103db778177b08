import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openAppDb } from './batch/app-db.js';
import { APP_DB_MIGRATIONS } from './batch/schema.js';
import { BUSY_TIMEOUT_MS, migrate, openDatabase, schemaVersion, sqliteBindingOption } from './db.js';
import { UserError } from './errors.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelforge-db-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('opens in WAL with synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(path.join(dir, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    db.close();
  });

  it('opens read-only without writing, and refuses a missing file', () => {
    const file = path.join(dir, 'r.db');
    const w = openDatabase(file);
    w.exec('CREATE TABLE t (x)');
    w.close();
    const r = openDatabase(file, { readonly: true });
    expect(r.readonly).toBe(true);
    expect(() => r.exec('INSERT INTO t VALUES (1)')).toThrow(/readonly/i);
    r.close();
    expect(() => openDatabase(path.join(dir, 'nope.db'), { readonly: true })).toThrow();
  });
});

describe('sqliteBindingOption', () => {
  it('passes REELFORGE_SQLITE_BINDING as nativeBinding, and nothing when unset or blank', () => {
    expect(sqliteBindingOption({ REELFORGE_SQLITE_BINDING: '/app/better_sqlite3.node' })).toEqual({ nativeBinding: '/app/better_sqlite3.node' });
    expect(sqliteBindingOption({})).toEqual({});
    expect(sqliteBindingOption({ REELFORGE_SQLITE_BINDING: ' ' })).toEqual({});
  });

  it('is what openDatabase uses (a bad binding path fails the open)', () => {
    const saved = process.env.REELFORGE_SQLITE_BINDING;
    process.env.REELFORGE_SQLITE_BINDING = path.join(dir, 'no-such-binding.node');
    try {
      expect(() => openDatabase(path.join(dir, 'b.db'))).toThrow();
    } finally {
      if (saved === undefined) delete process.env.REELFORGE_SQLITE_BINDING;
      else process.env.REELFORGE_SQLITE_BINDING = saved;
    }
  });
});

describe('migrate', () => {
  const migrations = ['CREATE TABLE a (x INTEGER)', 'ALTER TABLE a ADD COLUMN y TEXT', 'CREATE TABLE b (z)'];

  it('applies each migration once, in order, tracking PRAGMA user_version', () => {
    const db = openDatabase(path.join(dir, 'm.db'));
    migrate(db, migrations.slice(0, 2));
    expect(schemaVersion(db)).toBe(2);
    db.prepare('INSERT INTO a (x, y) VALUES (1, ?)').run('one');
    migrate(db, migrations); // only the third runs; re-running the first would throw
    expect(schemaVersion(db)).toBe(3);
    migrate(db, migrations);
    expect(db.prepare('SELECT y FROM a').pluck().get()).toBe('one');
    db.close();
  });

  it('rolls a failing migration back whole, version included', () => {
    const db = openDatabase(path.join(dir, 'f.db'));
    expect(() => migrate(db, ['CREATE TABLE ok (x)', 'CREATE TABLE half (x); CREATE TABLE broken (']) ).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database from a newer version instead of touching it', () => {
    const db = openDatabase(path.join(dir, 'n.db'));
    db.pragma('user_version = 7');
    expect(() => migrate(db, migrations)).toThrow(UserError);
    expect(() => migrate(db, migrations)).toThrow(/newer version of Reelforge/);
    expect(schemaVersion(db)).toBe(7);
    db.close();
  });
});

describe('two processes opening a new data folder at once', () => {
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hold-new-database.ts');

  /** Starts the other process and resolves once it holds the new database's write lock (boxed: a returned promise would be awaited too). */
  async function otherProcess(file: string, mode: 'rollback' | 'wal'): Promise<{ exited: Promise<number | null> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, file, mode, '800'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      void exited.then((code) => reject(new Error(`the other process exited (${code}) before holding the database`)));
    });
    return { exited };
  }

  for (const mode of ['rollback', 'wal'] as const) {
    it(`both succeed while the other is ${mode === 'rollback' ? 'creating the file (before WAL)' : 'migrating it'}: this one waits, then finds the schema done`, async () => {
      const { exited } = await otherProcess(path.join(dir, 'reelforge.db'), mode);
      const db = openAppDb(dir);
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(schemaVersion(db)).toBe(APP_DB_MIGRATIONS.length);
        expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'batches'").get()).toEqual({ n: 1 });
      } finally {
        db.close();
      }
      expect(await exited).toBe(0);
    });
  }
});
