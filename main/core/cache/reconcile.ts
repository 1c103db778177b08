/**
 * Making the index and the blob folder agree again after an unclean shutdown (DESIGN §4).
 *
 * The write protocol (blob renamed into place, then the row inserted) means a crash can leave
 * only two kinds of debris: a blob without a row (orphan: deleted here) and, after a power cut
 * that lost a rename but kept the commit, a row without its blob (dropped here, and in any case
 * never served because every hit checks the size). Temp files of dead processes go too.
 *
 * Cost at 100k entries: one indexed scan of the file rows, one stat per blob, one readdir per
 * fan-out folder — well under the 1.5 s budget (see bench/cache-index.ts), so the store runs it
 * synchronously during open() rather than racing lookups against it in the background.
 */
import path from 'node:path';
import { blobRelPath, FANOUT_DIR, parseBlobName } from './blob-path.js';
import type { EntryIndex } from './entry-index.js';
import { unlinkIfPresent, type FsSeam } from './fs-seam.js';
import { sweepTempDir } from './temp-files.js';

export interface ReconcileReport {
  rowsDropped: number;
  orphanBlobsRemoved: number;
  tempFilesRemoved: number;
}

export interface CacheLayout {
  cacheDir: string;
  blobsDir: string;
  tmpDir: string;
}

/**
 * Deletes everything under blobs/ that no row accounts for: unknown names, files whose key has
 * no row or whose extension differs, directories and symlinks where a blob should be. Links are
 * removed, never followed, and nothing outside blobs/ is touched.
 */
export function removeOrphanBlobs(fsx: FsSeam, blobsDir: string, expected: ReadonlyMap<string, string>): number {
  let removed = 0;
  const remove = (p: string): void => {
    try {
      fsx.rmSync(p, { recursive: true, force: true });
      removed++;
    } catch {
      // A locked file (Windows): the next reconcile or verify retries it.
    }
  };
  for (const top of fsx.readdirSync(blobsDir)) {
    const topPath = path.join(blobsDir, top.name);
    if (!top.isDirectory() || !FANOUT_DIR.test(top.name)) {
      remove(topPath);
      continue;
    }
    for (const f of fsx.readdirSync(topPath)) {
      const parsed = f.isFile() ? parseBlobName(top.name, f.name) : null;
      if (parsed !== null && expected.get(parsed.key) === parsed.ext) continue;
      remove(path.join(topPath, f.name));
    }
  }
  return removed;
}

/** Retries unlinks that failed earlier (files a Windows program held open). */
export function retryDoomed(fsx: FsSeam, index: EntryIndex, cacheDir: string): void {
  for (const rel of index.doomed()) {
    if (unlinkIfPresent(fsx, path.join(cacheDir, rel))) index.removeDoomed(rel);
  }
}

export function fullReconcile(fsx: FsSeam, index: EntryIndex, layout: CacheLayout, wallNow: number): ReconcileReport {
  const expected = new Map<string, string>();
  const drop: string[] = [];
  const shortBlobs: string[] = [];
  for (const loc of index.fileLocations()) {
    const st = fsx.statSync(path.join(layout.cacheDir, blobRelPath(loc.key, loc.ext)));
    if (st === undefined || !st.isFile() || st.size !== loc.size) {
      drop.push(loc.key);
      if (st !== undefined && st.isFile()) shortBlobs.push(path.join(layout.cacheDir, blobRelPath(loc.key, loc.ext)));
    } else expected.set(loc.key, loc.ext);
  }
  const rowsDropped = index.deleteMany(drop);
  index.addCounter('corrupt_dropped', rowsDropped);
  for (const f of shortBlobs) unlinkIfPresent(fsx, f);
  const orphanBlobsRemoved = removeOrphanBlobs(fsx, layout.blobsDir, expected);
  const tempFilesRemoved = sweepTempDir(fsx, layout.tmpDir, { now: wallNow });
  retryDoomed(fsx, index, layout.cacheDir);
  index.recomputeTotals();
  return { rowsDropped, orphanBlobsRemoved, tempFilesRemoved };
}
