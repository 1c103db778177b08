/**
 * Every SQL statement for batches and jobs, prepared once. The queue owns the logic; this
 * file only maps rows to records and back. Statements that touch many rows run in one
 * transaction so a crash leaves the batch either fully added or not at all.
 */
import type { BatchStatus, JobStatus } from '../contract.js';
import type { Db } from '../db.js';
import type { ErrorInfo } from '../errors.js';
import type { JobSpec, RenderManifest, StageName, StageStatus } from '../pipeline/types.js';
import type { BatchRecord, BatchRenderOptions, JobRecord } from './types.js';

interface BatchRow {
  id: string;
  status: string;
  concurrency: number;
  stop_on_error: number;
  out_dir: string;
  label: string;
  render_options: string;
  created_at: number;
  updated_at: number;
}

interface JobRow {
  id: string;
  batch_id: string;
  seq: number;
  source: string;
  title: string;
  spec: string;
  status: string;
  attempts: number;
  stages: string;
  stage: string | null;
  progress: number;
  error: string | null;
  output: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const JOB_COLUMNS = 'id, batch_id, seq, source, title, spec, status, attempts, stages, stage, progress, error, output, created_at, updated_at, started_at, finished_at';

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toBatch(r: BatchRow): BatchRecord {
  return {
    id: r.id, status: r.status as BatchStatus, concurrency: r.concurrency, stopOnError: r.stop_on_error === 1,
    outDir: r.out_dir, label: r.label, renderOptions: parseJson<BatchRenderOptions>(r.render_options, {}),
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function toJob(r: JobRow): JobRecord {
  return {
    id: r.id, batchId: r.batch_id, seq: r.seq, source: r.source, title: r.title,
    spec: parseJson<JobSpec>(r.spec, {}), status: r.status as JobStatus, attempts: r.attempts,
    stages: parseJson<Partial<Record<StageName, StageStatus>>>(r.stages, {}), stage: r.stage as StageName | null,
    progress: r.progress, etaSec: null, error: parseJson<ErrorInfo | null>(r.error, null),
    output: parseJson<JobRecord['output']>(r.output, null),
    createdAt: r.created_at, updatedAt: r.updated_at, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}

export interface NewJob {
  id: string;
  seq: number;
  source: string;
  title: string;
  spec: JobSpec;
}

/** Fields the queue changes as a job moves; undefined leaves a column as it is. */
export interface JobPatch {
  status?: JobStatus;
  attempts?: number;
  stages?: Partial<Record<StageName, StageStatus>>;
  stage?: StageName | null;
  progress?: number;
  error?: ErrorInfo | null;
  output?: JobRecord['output'];
  manifest?: RenderManifest | null;
  startedAt?: number | null;
  finishedAt?: number | null;
  spec?: JobSpec;
}

export class BatchRepository {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insertBatch: db.prepare('INSERT INTO batches (id, status, concurrency, stop_on_error, out_dir, label, render_options, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertJob: db.prepare(`INSERT INTO jobs (id, batch_id, seq, source, title, spec, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`),
      getBatch: db.prepare('SELECT * FROM batches WHERE id = ?'),
      listBatches: db.prepare('SELECT * FROM batches ORDER BY created_at, rowid'),
      batchesWithStatus: db.prepare('SELECT * FROM batches WHERE status = ? ORDER BY created_at, rowid'),
      setBatch: db.prepare('UPDATE batches SET status = ?, concurrency = ?, stop_on_error = ?, updated_at = ? WHERE id = ?'),
      getJob: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`),
      jobsOfBatch: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE batch_id = ? ORDER BY seq`),
      allJobs: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY created_at, batch_id, seq`),
      jobsWithStatus: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE batch_id = ? AND status = ? ORDER BY seq`),
      nextQueued: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE batch_id = ? AND status = 'queued' ORDER BY seq LIMIT ?`),
      counts: db.prepare('SELECT status, COUNT(*) AS n FROM jobs WHERE batch_id = ? GROUP BY status'),
      durations: db.prepare(`SELECT started_at, finished_at FROM jobs WHERE batch_id = ? AND status = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at`),
      maxSeq: db.prepare('SELECT COALESCE(MAX(seq), -1) AS m FROM jobs WHERE batch_id = ?'),
      interruptJobs: db.prepare(`UPDATE jobs SET status = 'interrupted', updated_at = ? WHERE status = 'running'`),
      interruptBatches: db.prepare(`UPDATE batches SET status = 'interrupted', updated_at = ? WHERE status = 'running'`),
      library: db.prepare(`SELECT j.id, j.title, j.output, j.manifest, j.finished_at FROM jobs j WHERE j.status = 'done' AND j.output IS NOT NULL ORDER BY j.finished_at DESC LIMIT ?`),
      manifest: db.prepare('SELECT manifest FROM jobs WHERE id = ?'),
      jobsById: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id IN (SELECT value FROM json_each(?)) ORDER BY batch_id, seq`),
      cancelWhere: db.prepare(`UPDATE jobs SET status = 'cancelled', error = ?, finished_at = ?, updated_at = ? WHERE batch_id = ? AND status IN (SELECT value FROM json_each(?)) RETURNING id`),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insertBatch(b: BatchRecord, jobs: NewJob[]): void {
    this.transaction(() => {
      this.s.insertBatch.run(b.id, b.status, b.concurrency, b.stopOnError ? 1 : 0, b.outDir, b.label, JSON.stringify(b.renderOptions), b.createdAt, b.updatedAt);
      for (const j of jobs) this.s.insertJob.run(j.id, b.id, j.seq, j.source, j.title, JSON.stringify(j.spec), b.createdAt, b.createdAt);
    });
  }

  /** Adds jobs to an existing batch after its last one (re-render, add to a running batch). */
  appendJobs(batchId: string, jobs: Omit<NewJob, 'seq'>[], now: number): NewJob[] {
    return this.transaction(() => {
      let seq = (this.s.maxSeq.get(batchId) as { m: number }).m;
      const added = jobs.map((j) => ({ ...j, seq: ++seq }));
      for (const j of added) this.s.insertJob.run(j.id, batchId, j.seq, j.source, j.title, JSON.stringify(j.spec), now, now);
      return added;
    });
  }

  getBatch(id: string): BatchRecord | null {
    const r = this.s.getBatch.get(id) as BatchRow | undefined;
    return r ? toBatch(r) : null;
  }

  listBatches(): BatchRecord[] {
    return (this.s.listBatches.all() as BatchRow[]).map(toBatch);
  }

  batchesWithStatus(status: BatchStatus): BatchRecord[] {
    return (this.s.batchesWithStatus.all(status) as BatchRow[]).map(toBatch);
  }

  updateBatch(b: Pick<BatchRecord, 'id' | 'status' | 'concurrency' | 'stopOnError'>, now: number): void {
    this.s.setBatch.run(b.status, b.concurrency, b.stopOnError ? 1 : 0, now, b.id);
  }

  getJob(id: string): JobRecord | null {
    const r = this.s.getJob.get(id) as JobRow | undefined;
    return r ? toJob(r) : null;
  }

  jobsOfBatch(batchId: string): JobRecord[] {
    return (this.s.jobsOfBatch.all(batchId) as JobRow[]).map(toJob);
  }

  allJobs(): JobRecord[] {
    return (this.s.allJobs.all() as JobRow[]).map(toJob);
  }

  /** These jobs (the ones that exist), in batch and row order. */
  jobsById(ids: readonly string[]): JobRecord[] {
    return (this.s.jobsById.all(JSON.stringify(ids)) as JobRow[]).map(toJob);
  }

  jobsWithStatus(batchId: string, status: JobStatus): JobRecord[] {
    return (this.s.jobsWithStatus.all(batchId, status) as JobRow[]).map(toJob);
  }

  nextQueued(batchId: string, limit: number): JobRecord[] {
    return (this.s.nextQueued.all(batchId, limit) as JobRow[]).map(toJob);
  }

  counts(batchId: string): Partial<Record<JobStatus, number>> {
    const out: Partial<Record<JobStatus, number>> = {};
    for (const r of this.s.counts.all(batchId) as { status: JobStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }

  /** Wall seconds of each finished job, oldest first: feeds ETA and videos per minute. */
  doneTimes(batchId: string): { startedAt: number; finishedAt: number }[] {
    return (this.s.durations.all(batchId) as { started_at: number; finished_at: number }[]).map((r) => ({ startedAt: r.started_at, finishedAt: r.finished_at }));
  }

  updateJob(id: string, patch: JobPatch, now: number): void {
    const sets: string[] = ['updated_at = @now'];
    const params: Record<string, unknown> = { id, now };
    const put = (col: string, key: string, value: unknown): void => {
      sets.push(`${col} = @${key}`);
      params[key] = value;
    };
    if (patch.status !== undefined) put('status', 'status', patch.status);
    if (patch.attempts !== undefined) put('attempts', 'attempts', patch.attempts);
    if (patch.stages !== undefined) put('stages', 'stages', JSON.stringify(patch.stages));
    if (patch.stage !== undefined) put('stage', 'stage', patch.stage);
    if (patch.progress !== undefined) put('progress', 'progress', patch.progress);
    if (patch.error !== undefined) put('error', 'error', patch.error === null ? null : JSON.stringify(patch.error));
    if (patch.output !== undefined) put('output', 'output', patch.output === null ? null : JSON.stringify(patch.output));
    if (patch.manifest !== undefined) put('manifest', 'manifest', patch.manifest === null ? null : JSON.stringify(patch.manifest));
    if (patch.startedAt !== undefined) put('started_at', 'startedAt', patch.startedAt);
    if (patch.finishedAt !== undefined) put('finished_at', 'finishedAt', patch.finishedAt);
    if (patch.spec !== undefined) put('spec', 'spec', JSON.stringify(patch.spec));
    // Few distinct column sets occur, and better-sqlite3 caches nothing itself: keep them.
    const sql = `UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`;
    let stmt = this.patchStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.patchStatements.set(sql, stmt);
    }
    stmt.run(params);
  }

  private readonly patchStatements = new Map<string, ReturnType<Db['prepare']>>();

  /**
   * At open: jobs the last process left `running` died with it. Marking them interrupted
   * (not failed) lets `resume` re-queue them; the stages they finished come from the cache.
   */
  markInterrupted(now: number): number {
    return this.transaction(() => {
      const n = this.s.interruptJobs.run(now).changes;
      this.s.interruptBatches.run(now);
      return n;
    });
  }

  /**
   * Cancels the batch's jobs in `from` (statuses a job can be cancelled from without being
   * stopped: queued, paused, interrupted) in one statement, however many there are, so a
   * 5,000-job batch does not hold the event loop for seconds. Returns their ids.
   */
  cancelJobs(batchId: string, from: readonly ('queued' | 'paused' | 'interrupted')[], error: ErrorInfo, now: number): string[] {
    return (this.s.cancelWhere.all(JSON.stringify(error), now, now, batchId, JSON.stringify(from)) as { id: string }[]).map((r) => r.id);
  }

  library(limit: number): { id: string; title: string; output: NonNullable<JobRecord['output']>; manifest: RenderManifest | null; finishedAt: number }[] {
    const rows = this.s.library.all(limit) as { id: string; title: string; output: string; manifest: string | null; finished_at: number | null }[];
    return rows.map((r) => ({
      id: r.id, title: r.title, output: parseJson<NonNullable<JobRecord['output']>>(r.output, { mp4: '', thumbnail: '', durationSec: 0 }),
      manifest: parseJson<RenderManifest | null>(r.manifest, null), finishedAt: r.finished_at ?? 0,
    }));
  }

  manifestOf(jobId: string): RenderManifest | null {
    const r = this.s.manifest.get(jobId) as { manifest: string | null } | undefined;
    return r ? parseJson<RenderManifest | null>(r.manifest, null) : null;
  }
}
