/**
 * Shared by the cache tests (not used in production): temp folders, deterministic keys, and the
 * invariant checker every reliability test ends with (research §4 "INV").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db.js';
import { blobRelPath, parseBlobName } from './blob-path.js';
import { cacheKey } from './key.js';

export function makeTempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `reelforge-${label}-`));
}

export function testKey(n: number | string): string {
  return cacheKey('test', 1, { n });
}

export interface InvariantReport {
  problems: string[];
  rows: number;
}

/**
 * Checks a closed cache folder from outside the store: integrity_check ok; every file row's blob
 * exists with its recorded size; no blob without a row; no temp files; maintained totals equal
 * a fresh SUM. Opens its own connection, so the store must be closed (or at least idle).
 */
export function checkInvariants(cacheDir: string, opts: { allowTemps?: boolean } = {}): InvariantReport {
  const problems: string[] = [];
  const db = openDatabase(path.join(cacheDir, 'cache.db'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const rows = db.prepare('SELECT key, storage, ext, size FROM entries').all() as { key: string; storage: number; ext: string; size: number }[];
    const fileRows = new Map<string, string>();
    for (const r of rows) {
      if (r.storage === 0) continue;
      fileRows.set(r.key, r.ext);
      const st = fs.statSync(path.join(cacheDir, blobRelPath(r.key, r.ext)), { throwIfNoEntry: false });
      if (st === undefined) problems.push(`row ${r.key.slice(0, 8)} has no blob`);
      else if (st.size !== r.size) problems.push(`row ${r.key.slice(0, 8)} blob is ${st.size} bytes, row says ${r.size}`);
    }
    const blobsDir = path.join(cacheDir, 'blobs');
    for (const d of fs.existsSync(blobsDir) ? fs.readdirSync(blobsDir) : []) {
      for (const f of fs.readdirSync(path.join(blobsDir, d))) {
        const parsed = parseBlobName(d, f);
        if (parsed === null || fileRows.get(parsed.key) !== parsed.ext) problems.push(`orphan blob ${d}/${f}`);
      }
    }
    const tmpDir = path.join(cacheDir, 'tmp');
    const temps = fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir) : [];
    if (!opts.allowTemps && temps.length > 0) problems.push(`temp files left: ${temps.join(', ')}`);
    const totals = db.prepare('SELECT entries, size FROM totals WHERE id = 1').get() as { entries: number; size: number };
    const fresh = db.prepare('SELECT COUNT(*) AS entries, COALESCE(SUM(size), 0) AS size FROM entries').get() as { entries: number; size: number };
    if (totals.entries !== fresh.entries || totals.size !== fresh.size) {
      problems.push(`totals ${JSON.stringify(totals)} != SUM ${JSON.stringify(fresh)}`);
    }
    const byType = db.prepare('SELECT t.type, t.entries, t.size, COUNT(e.key) AS n, COALESCE(SUM(e.size), 0) AS s FROM type_totals t LEFT JOIN entries e ON e.type = t.type GROUP BY t.type').all() as { type: string; entries: number; size: number; n: number; s: number }[];
    for (const t of byType) if (t.entries !== t.n || t.size !== t.s) problems.push(`type_totals ${t.type} drifted`);
    return { problems, rows: rows.length };
  } finally {
    db.close();
  }
}
