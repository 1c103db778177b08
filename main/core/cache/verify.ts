/**
 * `reelforge cache verify`: the expensive, explicit check. Every blob is re-stat'ed and
 * re-hashed against the size and sha256 recorded when it was written, which also catches a
 * same-size file filled with zeros (cacache-rs #83) that the per-hit size check cannot see.
 * Inline JSON is re-parsed. Bad entries are dropped (the next request recomputes them),
 * orphan blobs and dead processes' temp files are removed. Runs synchronously: it reads every
 * byte in the cache, so hosts call it on request, not on a hot path.
 */
import path from 'node:path';
import { blobRelPath } from './blob-path.js';
import { sha256File } from './durable-io.js';
import type { EntryIndex } from './entry-index.js';
import { unlinkIfPresent, type FsSeam } from './fs-seam.js';
import { removeOrphanBlobs, retryDoomed, type CacheLayout } from './reconcile.js';
import { sweepTempDir } from './temp-files.js';
import type { VerifyReport } from './types.js';

export function verifyCache(fsx: FsSeam, index: EntryIndex, layout: CacheLayout, wallNow: number): VerifyReport {
  const removed: VerifyReport['removed'] = [];
  const expected = new Map<string, string>();
  const badBlobs: string[] = [];
  let checked = 0;

  for (const loc of index.fileLocations()) {
    checked++;
    const file = path.join(layout.cacheDir, blobRelPath(loc.key, loc.ext));
    const st = fsx.statSync(file);
    let reason: string | null = null;
    if (st === undefined || !st.isFile()) reason = 'blob file missing';
    else if (st.size !== loc.size) reason = `blob is ${st.size} bytes, expected ${loc.size}`;
    else if (loc.sha256 !== null) {
      try {
        if (sha256File(fsx, file).sha256 !== loc.sha256) reason = 'content does not match its sha256';
      } catch (err) {
        reason = `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
      }
    }
    if (reason === null) expected.set(loc.key, loc.ext);
    else {
      removed.push({ key: loc.key, type: loc.type, reason });
      badBlobs.push(file);
    }
  }

  for (const row of index.inlineValues()) {
    checked++;
    let reason: string | null = null;
    if (row.value === null) reason = 'inline value missing';
    else {
      try {
        JSON.parse(row.value);
      } catch {
        reason = 'inline value is not valid JSON';
      }
    }
    if (reason !== null) removed.push({ key: row.key, type: row.type, reason });
  }

  index.deleteMany(removed.map((r) => r.key));
  index.addCounter('corrupt_dropped', removed.length);
  // Row first, then file: a crash in between leaves an orphan (harmless), never a row without its blob.
  for (const f of badBlobs) unlinkIfPresent(fsx, f);
  const orphanBlobsRemoved = removeOrphanBlobs(fsx, layout.blobsDir, expected);
  const tempFilesRemoved = sweepTempDir(fsx, layout.tmpDir, { now: wallNow });
  retryDoomed(fsx, index, layout.cacheDir);
  index.recomputeTotals();
  return { checked, removed, orphanBlobsRemoved, tempFilesRemoved };
}
