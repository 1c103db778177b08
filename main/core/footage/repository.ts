/**
 * The footage index in reelforge.db (see the footage migration in batch/schema.ts): folders,
 * files by path, and each content's analysis by SHA-256. Synchronous better-sqlite3 calls,
 * every multi-row change in one transaction so a crash leaves the index as it was before it.
 */
import type { Db } from '../db.js';
import type { SceneSpan } from '../shots/types.js';
import type { FootageKind } from './media-kinds.js';
import type { NamedTag } from './name-tags.js';
import type { FootageAnalysis, MediaFacts } from './types.js';

export type FileStatus = 'pending' | 'ready' | 'broken';

export interface ScannedFile {
  path: string;
  kind: FootageKind;
  size: number;
  mtimeMs: number;
  tags: NamedTag[];
}

export interface FolderRow {
  path: string;
  addedAt: number;
  scannedAt: number | null;
  files: number;
  ready: number;
  pending: number;
  broken: number;
}

export interface FileRow {
  path: string;
  folder: string;
  kind: FootageKind;
  size: number;
  mtimeMs: number;
  sha256: string | null;
  status: FileStatus;
  error: string | null;
  attempts: number;
  tags: NamedTag[];
}

export interface SceneRow extends SceneSpan {
  n: number;
  thumb: string;
  description: string | null;
  describedBy: string | null;
}

export interface MediaRow extends MediaFacts {
  sha256: string;
  kind: FootageKind;
  scenes: SceneRow[];
}

/** A ready file with its analysis: what search and the Footage view show. */
export interface FootageItem extends FileRow {
  media: MediaRow;
}

interface FileDbRow {
  path: string; folder: string; kind: string; size: number; mtime_ms: number; sha256: string | null;
  status: string; error: string | null; attempts: number; name_tags: string;
}

function toFile(r: FileDbRow): FileRow {
  let tags: NamedTag[] = [];
  try {
    tags = JSON.parse(r.name_tags) as NamedTag[];
  } catch {
    tags = [];
  }
  return {
    path: r.path, folder: r.folder, kind: r.kind as FootageKind, size: r.size, mtimeMs: r.mtime_ms, sha256: r.sha256,
    status: r.status as FileStatus, error: r.error, attempts: r.attempts, tags,
  };
}

export class FootageRepository {
  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {}

  addFolder(folder: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO footage_folders (path, added_at) VALUES (?, ?)').run(folder, this.now()).changes > 0;
  }

  /** Forget a folder and its files; analyses no other file shares go too (with their thumbnails, returned). */
  removeFolder(folder: string): { removed: boolean; thumbs: string[] } {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM footage_folders WHERE path = ?').run(folder).changes > 0;
      return { removed, thumbs: this.dropOrphanMedia() };
    })();
  }

  folders(): FolderRow[] {
    const rows = this.db.prepare(`
      SELECT f.path, f.added_at, f.scanned_at,
             COUNT(x.path) AS files,
             SUM(x.status = 'ready') AS ready, SUM(x.status = 'pending') AS pending, SUM(x.status = 'broken') AS broken
      FROM footage_folders f LEFT JOIN footage_files x ON x.folder = f.path
      GROUP BY f.path ORDER BY f.added_at, f.path`).all() as { path: string; added_at: number; scanned_at: number | null; files: number; ready: number | null; pending: number | null; broken: number | null }[];
    return rows.map((r) => ({ path: r.path, addedAt: r.added_at, scannedAt: r.scanned_at, files: r.files, ready: r.ready ?? 0, pending: r.pending ?? 0, broken: r.broken ?? 0 }));
  }

  /**
   * A scan's findings for one folder, in one transaction: new files and files whose size or
   * mtime changed become pending (a broken file that changed gets another chance); unchanged
   * ones keep their state; files no longer there are forgotten (their analysis stays under its
   * hash, so a file that moved is not analysed again). Returns how many are pending now.
   */
  applyScan(folder: string, files: readonly ScannedFile[]): { added: number; changed: number; removed: number } {
    return this.db.transaction(() => {
      const now = this.now();
      const existing = new Map((this.db.prepare('SELECT * FROM footage_files WHERE folder = ?').all(folder) as FileDbRow[]).map((r) => [r.path, r]));
      const insert = this.db.prepare(`INSERT INTO footage_files (path, folder, kind, size, mtime_ms, status, name_tags, seen_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
        ON CONFLICT(path) DO UPDATE SET folder = excluded.folder, kind = excluded.kind, size = excluded.size, mtime_ms = excluded.mtime_ms,
          status = 'pending', error = NULL, attempts = 0, sha256 = NULL, name_tags = excluded.name_tags, seen_at = excluded.seen_at`);
      const touch = this.db.prepare('UPDATE footage_files SET seen_at = ?, name_tags = ? WHERE path = ?');
      let added = 0;
      let changed = 0;
      for (const f of files) {
        const prev = existing.get(f.path);
        existing.delete(f.path);
        const tags = JSON.stringify(f.tags);
        if (!prev) {
          insert.run(f.path, folder, f.kind, f.size, Math.round(f.mtimeMs), tags, now);
          added++;
        } else if (prev.size !== f.size || prev.mtime_ms !== Math.round(f.mtimeMs)) {
          insert.run(f.path, folder, f.kind, f.size, Math.round(f.mtimeMs), tags, now);
          changed++;
        } else {
          touch.run(now, tags, f.path);
        }
      }
      const del = this.db.prepare('DELETE FROM footage_files WHERE path = ?');
      for (const gone of existing.keys()) del.run(gone);
      this.db.prepare('UPDATE footage_folders SET scanned_at = ? WHERE path = ?').run(now, folder);
      return { added, changed, removed: existing.size };
    })();
  }

  pending(): FileRow[] {
    return (this.db.prepare("SELECT * FROM footage_files WHERE status = 'pending' ORDER BY folder, path").all() as FileDbRow[]).map(toFile);
  }

  /** Counted before the work starts, so a file that kills its worker (or the app) every time is not retried forever. */
  markAttempt(file: string): number {
    this.db.prepare('UPDATE footage_files SET attempts = attempts + 1 WHERE path = ?').run(file);
    return (this.db.prepare('SELECT attempts FROM footage_files WHERE path = ?').get(file) as { attempts: number } | undefined)?.attempts ?? 0;
  }

  /** An interrupted attempt (cancel, quit) does not count against the file. */
  unmarkAttempt(file: string): void {
    this.db.prepare('UPDATE footage_files SET attempts = MAX(0, attempts - 1) WHERE path = ?').run(file);
  }

  markBroken(file: string, reason: string): void {
    this.db.prepare("UPDATE footage_files SET status = 'broken', error = ?, indexed_at = ? WHERE path = ?").run(reason, this.now(), file);
  }

  hasMedia(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM footage_media WHERE sha256 = ?').get(sha256) !== undefined;
  }

  /** The file is this content, already analysed (a moved or copied file): ready at once. */
  markReady(file: string, sha256: string, size: number, mtimeMs: number): void {
    this.db.prepare("UPDATE footage_files SET status = 'ready', error = NULL, sha256 = ?, size = ?, mtime_ms = ?, indexed_at = ? WHERE path = ?")
      .run(sha256, size, Math.round(mtimeMs), this.now(), file);
  }

  saveAnalysis(file: string, sha256: string, size: number, mtimeMs: number, kind: FootageKind, a: FootageAnalysis): void {
    this.db.transaction(() => {
      this.db.prepare(`INSERT OR REPLACE INTO footage_media (sha256, kind, duration_sec, width, height, rotation, fps, has_audio, codec, note, analysed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(sha256, kind, a.durationSec, a.width, a.height, a.rotation, a.fps, a.hasAudio ? 1 : 0, a.codec, a.note, this.now());
      this.db.prepare('DELETE FROM footage_scenes WHERE sha256 = ?').run(sha256);
      const scene = this.db.prepare('INSERT INTO footage_scenes (sha256, n, start_sec, end_sec, thumb) VALUES (?, ?, ?, ?, ?)');
      const spans = a.scenes.length > 0 ? a.scenes : [{ startSec: 0, endSec: a.durationSec }];
      spans.forEach((s, n) => scene.run(sha256, n, s.startSec, s.endSec, a.thumbs[n] ?? a.thumbs[0] ?? ''));
      this.markReady(file, sha256, size, mtimeMs);
    })();
  }

  /** Every ready file with its analysis (search builds its index from this). */
  items(folder?: string): FootageItem[] {
    const files = (folder === undefined
      ? this.db.prepare("SELECT * FROM footage_files WHERE status = 'ready' ORDER BY path").all()
      : this.db.prepare("SELECT * FROM footage_files WHERE status = 'ready' AND folder = ? ORDER BY path").all(folder)) as FileDbRow[];
    const media = this.mediaBySha(files.map((f) => f.sha256).filter((s): s is string => s !== null));
    const out: FootageItem[] = [];
    for (const f of files) {
      const m = f.sha256 ? media.get(f.sha256) : undefined;
      if (m) out.push({ ...toFile(f), media: m });
    }
    return out;
  }

  /** Files that are not ready (pending or broken), for the Footage view and `footage list`. */
  unready(folder?: string): FileRow[] {
    const rows = (folder === undefined
      ? this.db.prepare("SELECT * FROM footage_files WHERE status != 'ready' ORDER BY path").all()
      : this.db.prepare("SELECT * FROM footage_files WHERE status != 'ready' AND folder = ? ORDER BY path").all(folder)) as FileDbRow[];
    return rows.map(toFile);
  }

  file(file: string): FileRow | null {
    const r = this.db.prepare('SELECT * FROM footage_files WHERE path = ?').get(file) as FileDbRow | undefined;
    return r ? toFile(r) : null;
  }

  readyCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM footage_files WHERE status = 'ready'").get() as { n: number }).n;
  }

  /** Changes whenever an analysis, a description or a folder changes: search rebuilds its index then. */
  version(): string {
    const r = this.db.prepare(`SELECT (SELECT COUNT(*) FROM footage_files WHERE status = 'ready') AS n,
      (SELECT MAX(indexed_at) FROM footage_files) AS t, (SELECT COUNT(*) FROM footage_scenes WHERE description IS NOT NULL) AS d,
      (SELECT COUNT(*) FROM footage_embeddings) AS e, (SELECT COUNT(*) FROM footage_folders) AS f`).get() as Record<string, number | null>;
    return `${r.n}:${r.t}:${r.d}:${r.e}:${r.f}`;
  }

  scenesWithoutDescription(describedBy: string): { sha256: string; n: number; thumb: string }[] {
    return this.db.prepare(`SELECT s.sha256, s.n, s.thumb FROM footage_scenes s
      WHERE (s.described_by IS NULL OR s.described_by != ?) AND EXISTS (SELECT 1 FROM footage_files f WHERE f.sha256 = s.sha256 AND f.status = 'ready')
      ORDER BY s.sha256, s.n`).all(describedBy) as { sha256: string; n: number; thumb: string }[];
  }

  saveDescription(sha256: string, n: number, description: string, describedBy: string): void {
    this.db.prepare('UPDATE footage_scenes SET description = ?, described_by = ? WHERE sha256 = ? AND n = ?').run(description, describedBy, sha256, n);
  }

  /** Described scenes with no embedding in `model` yet, with the words of one file that shows them. */
  scenesWithoutEmbedding(model: string): { sha256: string; n: number; text: string }[] {
    const rows = this.db.prepare(`SELECT s.sha256, s.n, s.description,
        (SELECT f.name_tags FROM footage_files f WHERE f.sha256 = s.sha256 AND f.status = 'ready' LIMIT 1) AS tags
      FROM footage_scenes s
      WHERE s.description IS NOT NULL AND NOT EXISTS (SELECT 1 FROM footage_embeddings e WHERE e.sha256 = s.sha256 AND e.n = s.n AND e.model = ?)
      ORDER BY s.sha256, s.n`).all(model) as { sha256: string; n: number; description: string; tags: string | null }[];
    return rows.filter((r) => r.tags !== null).map((r) => {
      let words: string[] = [];
      try {
        words = (JSON.parse(r.tags ?? '[]') as NamedTag[]).map((t) => t.word);
      } catch {
        words = [];
      }
      return { sha256: r.sha256, n: r.n, text: `${words.join(' ')}. ${r.description}`.trim() };
    });
  }

  hasEmbeddings(model: string): boolean {
    return this.db.prepare('SELECT 1 FROM footage_embeddings WHERE model = ? LIMIT 1').get(model) !== undefined;
  }

  embeddings(model: string): Map<string, Float32Array> {
    const rows = this.db.prepare('SELECT sha256, n, vector FROM footage_embeddings WHERE model = ?').all(model) as { sha256: string; n: number; vector: Buffer }[];
    return new Map(rows.map((r) => [`${r.sha256}#${r.n}`, new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength))]));
  }

  saveEmbedding(sha256: string, n: number, model: string, vector: readonly number[]): void {
    const buf = Buffer.from(new Float32Array(vector).buffer);
    this.db.prepare('INSERT OR REPLACE INTO footage_embeddings (sha256, n, model, vector) VALUES (?, ?, ?, ?)').run(sha256, n, model, buf);
  }

  private mediaBySha(shas: readonly string[]): Map<string, MediaRow> {
    const out = new Map<string, MediaRow>();
    if (shas.length === 0) return out;
    const media = this.db.prepare('SELECT * FROM footage_media').all() as { sha256: string; kind: string; duration_sec: number; width: number; height: number; rotation: number; fps: number; has_audio: number; codec: string | null; note: string | null }[];
    const scenes = this.db.prepare('SELECT * FROM footage_scenes ORDER BY sha256, n').all() as { sha256: string; n: number; start_sec: number; end_sec: number; thumb: string; description: string | null; described_by: string | null }[];
    const wanted = new Set(shas);
    for (const m of media) {
      if (!wanted.has(m.sha256)) continue;
      out.set(m.sha256, {
        sha256: m.sha256, kind: m.kind as FootageKind, durationSec: m.duration_sec, width: m.width, height: m.height, rotation: m.rotation,
        fps: m.fps, hasAudio: m.has_audio === 1, codec: m.codec, note: m.note, scenes: [],
      });
    }
    for (const s of scenes) {
      out.get(s.sha256)?.scenes.push({ n: s.n, startSec: s.start_sec, endSec: s.end_sec, thumb: s.thumb, description: s.description, describedBy: s.described_by });
    }
    return out;
  }

  /** Analyses no file points at any more; returns their thumbnails for the caller to delete. */
  private dropOrphanMedia(): string[] {
    const orphans = this.db.prepare('SELECT sha256 FROM footage_media m WHERE NOT EXISTS (SELECT 1 FROM footage_files f WHERE f.sha256 = m.sha256)').all() as { sha256: string }[];
    const thumbs: string[] = [];
    const sceneThumbs = this.db.prepare('SELECT thumb FROM footage_scenes WHERE sha256 = ?');
    const del = this.db.prepare('DELETE FROM footage_media WHERE sha256 = ?');
    for (const o of orphans) {
      for (const t of sceneThumbs.all(o.sha256) as { thumb: string }[]) thumbs.push(t.thumb);
      del.run(o.sha256);
    }
    return thumbs;
  }
}
