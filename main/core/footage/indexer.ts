/**
 * Indexing the footage library on the worker pool: scan the folders (cheap, in this process),
 * then for each new or changed file a hash job (its identity) and, for content not seen before,
 * an analysis job (probe, scenes, thumbnails). State lives in reelforge.db, so indexing is
 * incremental (unchanged files are skipped without being read) and resumes after a crash
 * (pending files stay pending). Each start is counted first: a file that keeps killing its
 * worker or the app is listed as broken with the reason, not retried forever.
 */
import path from 'node:path';
import type { DigestMemo } from '../cache/content-digest.js';
import { isUserError } from '../errors.js';
import type { MediaJob, MediaJobResult } from '../pool/protocol.js';
import type { RunOptions } from '../pool/worker-pool.js';
import type { FileRow, FootageRepository } from './repository.js';
import { scanSource } from './scan.js';
import type { FootageAnalysis, FootageHashResult } from './types.js';

/** Starts a file may take before it counts as broken (the pool already retries a dead worker). */
export const MAX_ATTEMPTS = 3;

export interface IndexProgress {
  phase: 'scanning' | 'indexing' | 'done';
  /** Files finished in this run, and files it has to do. */
  done: number;
  total: number;
  /** The file being read, for the progress line. */
  current: string | null;
  broken: number;
  /** Seconds of footage indexed in this run (for throughput). */
  footageSec: number;
}

export interface IndexSummary {
  indexed: number;
  /** Files whose content was already analysed (moved, copied, touched): no decode needed. */
  reused: number;
  broken: { path: string; reason: string }[];
  footageSec: number;
  ms: number;
}

/** What the indexer needs of the worker pool. */
export interface JobRunner {
  run<J extends MediaJob>(job: J, opts?: RunOptions): Promise<MediaJobResult<J>>;
}

export interface IndexerOptions {
  repo: FootageRepository;
  pool: JobRunner;
  /** <data>/footage/thumbs */
  thumbsDir: string;
  /** Files indexed side by side (the pool size). */
  concurrency: number;
  /** Decoder threads per analysis (cores / concurrency). */
  threads?: number;
  /** After a file's analysis is stored (descriptions, embeddings hook in here). */
  onAnalysed?: (sha256: string) => Promise<void>;
  /**
   * The digests every other part of Reelforge uses (cache/content-digest.ts): a file already
   * hashed there (a background, a farm input) is not read again, and one hashed here is not
   * read again there.
   */
  digests?: DigestMemo;
}

export class FootageIndexer {
  private current: Promise<IndexSummary> | null = null;
  private readonly listeners = new Set<(p: IndexProgress) => void>();

  constructor(private readonly o: IndexerOptions) {}

  onProgress(listener: (p: IndexProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(p: IndexProgress): void {
    for (const l of [...this.listeners]) {
      try {
        l(p);
      } catch {
        // progress is advisory
      }
    }
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** Scan the given sources (or every folder) and record what changed. */
  async scan(sources?: readonly string[]): Promise<{ added: number; changed: number; removed: number; problems: string[] }> {
    const list = sources ?? this.o.repo.folders().map((f) => f.path);
    const total = { added: 0, changed: 0, removed: 0, problems: [] as string[] };
    for (const source of list) {
      this.emit({ phase: 'scanning', done: 0, total: 0, current: source, broken: 0, footageSec: 0 });
      let found;
      try {
        found = await scanSource(source, (n) => this.emit({ phase: 'scanning', done: n, total: 0, current: source, broken: 0, footageSec: 0 }));
      } catch (err) {
        // A folder on an unplugged drive: keep what is indexed, say so, carry on with the others.
        total.problems.push(err instanceof Error ? err.message : String(err));
        continue;
      }
      const r = this.o.repo.applyScan(source, found.files);
      total.added += r.added;
      total.changed += r.changed;
      total.removed += r.removed;
      total.problems.push(...found.problems);
    }
    return total;
  }

  /** Index every pending file; a second call while one runs joins it. */
  index(signal?: AbortSignal): Promise<IndexSummary> {
    this.current ??= this.run(signal).finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async run(signal?: AbortSignal): Promise<IndexSummary> {
    const started = performance.now();
    const summary: IndexSummary = { indexed: 0, reused: 0, broken: [], footageSec: 0, ms: 0 };
    let done = 0;
    let total = 0;
    const progress = (current: string | null): void => this.emit({ phase: 'indexing', done, total, current, broken: summary.broken.length, footageSec: summary.footageSec });
    // Files found while this run works (another add) join it: loop until nothing is pending.
    for (;;) {
      const queue = this.o.repo.pending();
      if (queue.length === 0 || signal?.aborted) break;
      total += queue.length;
      progress(null);
      const workers = Array.from({ length: Math.max(1, Math.min(this.o.concurrency, queue.length)) }, async () => {
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          if (signal?.aborted) return;
          progress(file.path);
          await this.indexOne(file, summary, signal);
          done++;
          progress(file.path);
        }
      });
      await Promise.all(workers);
    }
    summary.ms = performance.now() - started;
    this.emit({ phase: 'done', done, total, current: null, broken: summary.broken.length, footageSec: summary.footageSec });
    return summary;
  }

  /** The file's content digest: remembered, or hashed on the pool (off the main thread) and remembered. */
  private async identify(file: string, opts: RunOptions): Promise<{ sha256: string; size: number; mtimeMs: number }> {
    const known = await this.o.digests?.recall(file);
    if (known) return known;
    const id = await this.o.pool.run({ kind: 'footage', footage: { op: 'hash', path: file } }, opts) as FootageHashResult;
    this.o.digests?.remember(file, id);
    return id;
  }

  private async indexOne(file: FileRow, summary: IndexSummary, signal?: AbortSignal): Promise<void> {
    const { repo, pool } = this.o;
    const attempts = repo.markAttempt(file.path);
    if (attempts > MAX_ATTEMPTS) {
      const reason = `indexing stopped ${MAX_ATTEMPTS} times on this file (it crashed a worker or Reelforge): re-export it, then run "reelforge footage add" on its folder again`;
      repo.markBroken(file.path, reason);
      summary.broken.push({ path: file.path, reason });
      return;
    }
    const opts = (label: string): RunOptions => ({ label, ...(signal ? { signal } : {}) });
    try {
      const id = await this.identify(file.path, opts('footage hash'));
      if (repo.hasMedia(id.sha256)) {
        repo.markReady(file.path, id.sha256, id.size, id.mtimeMs);
        summary.reused++;
        return;
      }
      const a = await pool.run({
        kind: 'footage',
        footage: { op: 'analyze', path: file.path, kind: file.kind, thumbsDir: path.join(this.o.thumbsDir, id.sha256.slice(0, 2)), thumbBase: id.sha256 },
        ...(this.o.threads !== undefined ? { threads: this.o.threads } : {}),
      }, opts('footage analysis')) as FootageAnalysis;
      repo.saveAnalysis(file.path, id.sha256, id.size, id.mtimeMs, file.kind, a);
      summary.indexed++;
      summary.footageSec += a.durationSec;
      await this.o.onAnalysed?.(id.sha256).catch(() => undefined);
    } catch (err) {
      if (signal?.aborted || (isUserError(err) && err.kind === 'cancelled')) {
        repo.unmarkAttempt(file.path);
        return;
      }
      // ffmpeg missing, the pool closed: not this file's fault, and every other file would fail the same way.
      if (isUserError(err) && err.kind === 'config') throw err;
      const reason = err instanceof Error ? err.message : String(err);
      if (isUserError(err) && err.kind === 'internal' && /pool is closed/.test(reason)) throw err;
      repo.markBroken(file.path, reason);
      summary.broken.push({ path: file.path, reason });
    }
  }
}
