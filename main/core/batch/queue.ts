/**
 * BatchQueue: the persisted scheduler. Batches and jobs live in reelforge.db; this class
 * decides which queued job starts next, runs it through the injected RunJob, and records
 * what happened.
 *
 * Semantics (DESIGN §5):
 * - Videos in flight are bounded twice: by the queue's `concurrency` (the setting, 1–10,
 *   default 5) across all batches, and by each batch's own `concurrency`. Jobs start in
 *   batch order, then row order.
 * - Settled: a failed job never stops the others. With `stopOnError`, the first failure
 *   stops the batch from starting anything new: its queued jobs are marked `cancelled`
 *   with subject 'stopOnError' (so the batch settles and the CLI can exit), jobs already
 *   running finish normally, and `retryFailed` re-queues both the failed job and those
 *   skipped ones.
 * - Pause (batch or job) aborts the running render and marks it `paused`; resume re-queues
 *   it and the stages it finished come back from the cache. Queued jobs of a paused batch
 *   stay queued but do not start.
 * - Cancel aborts the job's AbortSignal (Engine.render kills its ffmpeg) and marks it
 *   `cancelled`; a render that finished anyway is kept as `done`.
 * - Crash recovery: at open, jobs left `running` are marked `interrupted` (and their
 *   batches too); `resume()` re-queues them. `close()` interrupts running jobs the same way,
 *   which is how the CLI handles Ctrl-C.
 * - Events are throttled per job (≤ 4/s) and per batch (≤ 2/s); status changes flush at
 *   once. Progress never goes backwards within an attempt.
 */
import { randomBytes } from 'node:crypto';
import type { BatchStatus, BatchView } from '../contract.js';
import type { Db } from '../db.js';
import { cancelledError, toErrorInfo, UserError, type ErrorInfo } from '../errors.js';
import type { RenderEvent } from '../pipeline/types.js';
import { batchEtaSec, jobEtaSec, mean, videosPerMinute } from './eta.js';
import { canTransition, deriveBatchStatus, emptyCounts, nextStatus, type JobEvent } from './job-state.js';
import { runAsJob, type JobScope } from './job-scope.js';
import { BatchRepository } from './repository.js';
import { titleOf } from './spec-check.js';
import { UpdateThrottle } from './throttle.js';
import type { BatchRecord, BatchRenderOptions, InputJob, JobOutput, JobRecord, RunJob } from './types.js';

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 10;
const JOB_EVENT_INTERVAL_MS = 250;
const BATCH_EVENT_INTERVAL_MS = 500;
export const STOP_ON_ERROR_SUBJECT = 'stopOnError';
/** Jobs announced per turn of the event loop after a bulk change (cancel of a whole batch). */
const ANNOUNCE_PART = 250;

export interface BatchQueueOptions {
  db: Db;
  runJob: RunJob;
  /** Videos in flight across all batches (the `concurrency` setting). */
  concurrency?: number;
  now?: () => number;
  /** Upper bound for the concurrency settings (default 10; a render farm allows more videos in flight). */
  maxConcurrency?: number;
  /**
   * Mark jobs left `running` as interrupted (default true). Only the process that owns the
   * queue may do this: a read-only look (`reelforge jobs`) while the app renders passes false,
   * and such a queue never starts jobs nor marks anything on close.
   */
  recoverInterrupted?: boolean;
}

export interface CreateBatchOptions {
  outDir: string;
  concurrency?: number;
  stopOnError?: boolean;
  label?: string;
  /** Kept with the batch: every job of it, resumed or retried too, renders with these. */
  renderOptions?: BatchRenderOptions;
  /** Start at once (default true). A batch not started stays `queued` until start(). */
  start?: boolean;
}

export type AbortKind = 'cancel' | 'pause' | 'interrupt';

const abortKinds = new WeakMap<object, AbortKind>();

/**
 * Why the queue aborted a job's signal, from the signal's reason. A RunJob that hands work to
 * another machine needs it: on 'interrupt' (this process is closing) the remote work carries on
 * and is re-attached after the restart; on 'cancel' or 'pause' it is stopped.
 */
export function abortKindOf(reason: unknown): AbortKind | null {
  return typeof reason === 'object' && reason !== null ? abortKinds.get(reason) ?? null : null;
}

interface ActiveJob {
  record: JobRecord;
  controller: AbortController;
  abortAs: AbortKind | null;
  /** Progress not yet written to the database (written on the throttled flush). */
  dirty: boolean;
  reportedEta: number | undefined;
  done: Promise<void>;
  /** An error that escaped the job's render (the host's last line of defence caught it); it fails the job. */
  stray?: unknown;
}

type Listener<T> = (value: T) => void;

function newId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

function clampConcurrency(n: number, max = MAX_CONCURRENCY): number {
  return Math.min(max, Math.max(1, Math.floor(n)));
}

export class BatchQueue {
  readonly repo: BatchRepository;
  private readonly runJob: RunJob;
  private readonly now: () => number;
  private limit: number;
  private readonly maxConcurrency: number;
  private readonly active = new Map<string, ActiveJob>();
  private readonly jobListeners = new Set<Listener<JobRecord>>();
  private readonly batchListeners = new Set<Listener<BatchView>>();
  private readonly settleWaiters = new Map<string, Set<() => void>>();
  private readonly jobThrottle: UpdateThrottle<string>;
  private readonly batchThrottle: UpdateThrottle<string>;
  private closing = false;
  private pumping = false;
  private pumpAgain = false;
  private readonly readOnly: boolean;
  /** Batches this process started jobs in: the only ones close() may mark interrupted. */
  private readonly touched = new Set<string>();
  /** How many jobs the last process left running (now interrupted), for the host to report. */
  readonly interruptedAtOpen: number;

  constructor(opts: BatchQueueOptions) {
    this.repo = new BatchRepository(opts.db);
    this.runJob = opts.runJob;
    this.now = opts.now ?? Date.now;
    this.maxConcurrency = Math.max(1, opts.maxConcurrency ?? MAX_CONCURRENCY);
    this.limit = clampConcurrency(opts.concurrency ?? DEFAULT_CONCURRENCY, this.maxConcurrency);
    this.jobThrottle = new UpdateThrottle(JOB_EVENT_INTERVAL_MS, (id) => this.flushJob(id), this.now);
    this.batchThrottle = new UpdateThrottle(BATCH_EVENT_INTERVAL_MS, (id) => this.flushBatch(id), this.now);
    this.readOnly = opts.recoverInterrupted === false;
    this.interruptedAtOpen = this.readOnly ? 0 : this.repo.markInterrupted(this.now());
  }

  // ── events ────────────────────────────────────────────────────────────────

  onJob(listener: Listener<JobRecord>): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  onBatch(listener: Listener<BatchView>): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  // ── reading ───────────────────────────────────────────────────────────────

  get concurrency(): number {
    return this.limit;
  }

  get inFlight(): number {
    return this.active.size;
  }

  getJob(id: string): JobRecord | null {
    const a = this.active.get(id);
    if (a) return this.liveRecord(a);
    return this.repo.getJob(id);
  }

  jobs(batchId?: string): JobRecord[] {
    const rows = batchId === undefined ? this.repo.allJobs() : this.repo.jobsOfBatch(batchId);
    return rows.map((r) => {
      const a = this.active.get(r.id);
      return a ? this.liveRecord(a) : r;
    });
  }

  getBatch(id: string): BatchRecord | null {
    return this.repo.getBatch(id);
  }

  batches(): BatchView[] {
    return this.repo.listBatches().map((b) => this.viewOf(b));
  }

  batchView(id: string): BatchView | null {
    const b = this.repo.getBatch(id);
    return b ? this.viewOf(b) : null;
  }

  /** Resolves a full id or a unique prefix (the CLI prints short ids). */
  resolveJobId(idOrPrefix: string): string | null {
    if (this.repo.getJob(idOrPrefix)) return idOrPrefix;
    const matches = this.repo.allJobs().filter((j) => j.id.startsWith(idOrPrefix));
    return matches.length === 1 ? (matches[0] as JobRecord).id : null;
  }

  resolveBatchId(idOrPrefix: string): string | null {
    if (this.repo.getBatch(idOrPrefix)) return idOrPrefix;
    const matches = this.repo.listBatches().filter((b) => b.id.startsWith(idOrPrefix));
    return matches.length === 1 ? (matches[0] as BatchRecord).id : null;
  }

  // ── adding ────────────────────────────────────────────────────────────────

  createBatch(jobs: readonly InputJob[], opts: CreateBatchOptions): BatchRecord {
    if (jobs.length === 0) throw new UserError('input', 'The batch has no jobs: give at least one topic or script.');
    const now = this.now();
    const batch: BatchRecord = {
      id: newId('b'),
      status: opts.start === false ? 'queued' : 'running',
      concurrency: clampConcurrency(opts.concurrency ?? this.limit, this.maxConcurrency),
      stopOnError: opts.stopOnError ?? false,
      outDir: opts.outDir,
      label: opts.label ?? '',
      renderOptions: opts.renderOptions ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.repo.insertBatch(batch, jobs.map((j, seq) => ({ id: newId('j'), seq, source: j.source, title: titleOf(j.spec), spec: j.spec })));
    // New jobs are changes too: announce them (one query, not one per job) so views list them.
    if (this.jobListeners.size > 0) for (const j of this.repo.jobsOfBatch(batch.id)) for (const l of this.jobListeners) l(j);
    this.batchThrottle.update(batch.id, true);
    this.pump();
    return batch;
  }

  /** Adds jobs after the last one of a batch and sets it running again (re-render). */
  appendJobs(batchId: string, jobs: readonly InputJob[]): JobRecord[] {
    const batch = this.requireBatch(batchId);
    const added = this.repo.appendJobs(batchId, jobs.map((j) => ({ id: newId('j'), source: j.source, title: titleOf(j.spec), spec: j.spec })), this.now());
    if (batch.status !== 'paused') this.setBatchStatus(batch, 'running');
    for (const j of added) this.jobThrottle.update(j.id, true);
    this.batchThrottle.update(batchId, true);
    this.pump();
    return added.map((j) => this.repo.getJob(j.id) as JobRecord);
  }

  // ── options ───────────────────────────────────────────────────────────────

  /** The cap across all batches (the `concurrency` setting). */
  setConcurrency(n: number): void {
    this.limit = clampConcurrency(n, this.maxConcurrency);
    this.pump();
  }

  setBatchOptions(batchId: string, opts: { concurrency?: number; stopOnError?: boolean }): void {
    const b = this.requireBatch(batchId);
    this.repo.updateBatch({
      id: b.id, status: b.status,
      concurrency: opts.concurrency !== undefined ? clampConcurrency(opts.concurrency, this.maxConcurrency) : b.concurrency,
      stopOnError: opts.stopOnError ?? b.stopOnError,
    }, this.now());
    this.batchThrottle.update(batchId, true);
    this.pump();
  }

  // ── control ───────────────────────────────────────────────────────────────

  /** Starts a batch created with start:false (or every such batch). */
  start(batchId?: string): void {
    const targets = batchId === undefined ? this.repo.batchesWithStatus('queued') : [this.requireBatch(batchId)];
    for (const b of targets) {
      if (b.status === 'paused') this.resumeBatch(b.id);
      else if (b.status === 'interrupted') this.resume(b.id);
      else if (b.status === 'queued' || b.status === 'done') this.setBatchStatus(b, 'running');
    }
    this.pump();
  }

  pauseBatch(batchId: string): void {
    const b = this.requireBatch(batchId);
    this.setBatchStatus(b, 'paused');
    for (const a of this.active.values()) if (a.record.batchId === batchId) this.abortActive(a, 'pause');
  }

  resumeBatch(batchId: string): void {
    const b = this.requireBatch(batchId);
    this.repo.transaction(() => {
      for (const j of this.repo.jobsWithStatus(batchId, 'paused')) this.applyEvent(j, 'resume');
    });
    this.setBatchStatus(b, 'running');
    this.pump();
  }

  cancelBatch(batchId: string): void {
    const b = this.requireBatch(batchId);
    // One statement for every waiting job, announced in one pass: per-job updates and events made
    // a 5,000-job cancel hold the event loop (and every other request) for seconds.
    const cancelled = this.repo.transaction(() => {
      this.repo.updateBatch({ id: b.id, status: 'cancelled', concurrency: b.concurrency, stopOnError: b.stopOnError }, this.now());
      return this.repo.cancelJobs(batchId, ['queued', 'paused', 'interrupted'], toErrorInfo(cancelledError()), this.now());
    });
    this.announceJobs(cancelled);
    this.batchThrottle.update(batchId, true);
    for (const a of this.active.values()) if (a.record.batchId === batchId) this.abortActive(a, 'cancel');
    this.notifySettled(batchId);
  }

  pauseJob(jobId: string): void {
    const a = this.active.get(jobId);
    if (a) return this.abortActive(a, 'pause');
    this.applyEvent(this.requireJob(jobId), 'pause');
  }

  resumeJob(jobId: string): void {
    this.applyEvent(this.requireJob(jobId), 'resume');
    this.pump();
  }

  cancelJob(jobId: string): void {
    const a = this.active.get(jobId);
    if (a) return this.abortActive(a, 'cancel');
    const job = this.requireJob(jobId);
    if (job.status === 'done' || job.status === 'cancelled' || job.status === 'failed') return; // nothing to stop
    this.applyEvent(job, 'cancel', { error: toErrorInfo(cancelledError()) });
    this.notifySettled(job.batchId);
  }

  /** Re-queues a failed, cancelled or interrupted job; its batch runs again if it had settled. */
  retryJob(jobId: string): void {
    const job = this.requireJob(jobId);
    this.applyEvent(job, 'retry');
    this.reopenBatch(job.batchId);
    this.pump();
  }

  /** Re-queues the batch's failed jobs and the ones stopOnError skipped. Returns how many. */
  retryFailed(batchId: string): number {
    this.requireBatch(batchId);
    const jobs = [
      ...this.repo.jobsWithStatus(batchId, 'failed'),
      ...this.repo.jobsWithStatus(batchId, 'cancelled').filter((j) => j.error?.subject === STOP_ON_ERROR_SUBJECT),
    ];
    this.repo.transaction(() => {
      for (const j of jobs) this.applyEvent(j, 'retry');
    });
    if (jobs.length > 0) this.reopenBatch(batchId);
    this.pump();
    return jobs.length;
  }

  /**
   * After a crash or Ctrl-C: re-queues interrupted jobs of one batch (or of every batch) and
   * sets those batches running. Returns how many jobs were re-queued.
   */
  resume(batchId?: string): number {
    const batches = batchId === undefined
      ? this.repo.listBatches().filter((b) => b.status === 'interrupted' || this.repo.jobsWithStatus(b.id, 'interrupted').length > 0)
      : [this.requireBatch(batchId)];
    let n = 0;
    for (const b of batches) {
      const jobs = this.repo.jobsWithStatus(b.id, 'interrupted');
      this.repo.transaction(() => {
        for (const j of jobs) this.applyEvent(j, 'resume');
      });
      n += jobs.length;
      if (b.status === 'paused') this.resumeBatch(b.id);
      else if (b.status !== 'cancelled' || jobs.length > 0) this.setBatchStatus(b, 'running');
    }
    this.pump();
    return n;
  }

  /** Resolves once no job of the batch can move without the user (nothing queued or running). */
  whenSettled(batchId: string): Promise<BatchView> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const view = this.batchView(batchId);
        if (!view) return true;
        const batch = this.repo.getBatch(batchId);
        const stalled = batch !== null && (batch.status === 'paused' || batch.status === 'interrupted');
        if (view.counts.running === 0 && (view.counts.queued === 0 || stalled)) {
          resolve(view);
          return true;
        }
        return false;
      };
      if (check()) return;
      let waiters = this.settleWaiters.get(batchId);
      if (!waiters) {
        waiters = new Set();
        this.settleWaiters.set(batchId, waiters);
      }
      const w = (): void => {
        if (check()) waiters.delete(w);
      };
      waiters.add(w);
    });
  }

  /**
   * Stops scheduling and interrupts every running job (its ffmpeg is killed through the
   * signal), waits for them to settle, and marks their batches interrupted so a later
   * `resume` finishes them. Queued jobs stay queued.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const running = [...this.active.values()];
    for (const a of running) this.abortActive(a, 'interrupt');
    await Promise.all(running.map((a) => a.done));
    for (const b of this.repo.batchesWithStatus('running')) {
      if (!this.touched.has(b.id)) continue; // another process's batch, or one never run here
      const counts = this.repo.counts(b.id);
      if ((counts.queued ?? 0) + (counts.interrupted ?? 0) > 0) this.setBatchStatus(b, 'interrupted');
    }
    this.jobThrottle.dispose();
    this.batchThrottle.dispose();
  }

  // ── scheduling ────────────────────────────────────────────────────────────

  /** Starts queued jobs while both limits allow. Synchronous: safe to call from anywhere. */
  private pump(): void {
    if (this.closing || this.readOnly) return;
    // A job that settles synchronously (a RunJob that throws at once) calls pump() from inside
    // this loop; running it nested would start jobs from a stale list twice. Defer it instead.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        for (const batch of this.repo.batchesWithStatus('running')) {
          if (this.active.size >= this.limit) break;
          let inBatch = 0;
          for (const a of this.active.values()) if (a.record.batchId === batch.id) inBatch++;
          const room = Math.min(this.limit - this.active.size, batch.concurrency - inBatch);
          if (room <= 0) continue;
          for (const job of this.repo.nextQueued(batch.id, room)) this.startJob(job, batch);
        }
      } while (this.pumpAgain && !this.closing);
    } finally {
      this.pumping = false;
    }
  }

  private startJob(job: JobRecord, batch: BatchRecord): void {
    const now = this.now();
    const status = nextStatus(job.status, 'start');
    const record: JobRecord = {
      ...job, status, attempts: job.attempts + 1, progress: 0, stage: null, stages: {}, etaSec: null,
      error: null, output: null, startedAt: now, finishedAt: null, updatedAt: now,
    };
    this.repo.updateJob(job.id, { status, attempts: record.attempts, progress: 0, stage: null, stages: {}, error: null, output: null, startedAt: now, finishedAt: null }, now);
    this.touched.add(batch.id);
    const active: ActiveJob = { record, controller: new AbortController(), abortAs: null, dirty: false, reportedEta: undefined, done: Promise.resolve() };
    this.active.set(job.id, active);
    this.jobThrottle.update(job.id, true);
    this.batchThrottle.update(batch.id, true);
    active.done = this.execute(active, batch);
  }

  private async execute(a: ActiveJob, batch: BatchRecord): Promise<void> {
    const { id, batchId, spec } = a.record;
    let output: JobOutput | null = null;
    let error: unknown = null;
    // Everything the render starts runs as this job, so an error that escapes it fails this job alone.
    const scope: JobScope = { label: `job ${id} ("${a.record.title}")`, fail: (err) => this.failStray(a, err) };
    try {
      output = await runAsJob(scope, () => this.runJob(spec, {
        jobId: id, batchId, outDir: batch.outDir, renderOptions: batch.renderOptions, signal: a.controller.signal, onEvent: (e) => this.onRenderEvent(a, e),
      }));
    } catch (err) {
      error = err;
    }
    this.finish(a, a.stray === undefined ? output : null, a.stray ?? error);
  }

  private failStray(a: ActiveJob, err: unknown): void {
    if (this.active.get(a.record.id) !== a || a.abortAs !== null || a.stray !== undefined) return;
    a.stray = err;
    a.controller.abort(err);
  }

  private onRenderEvent(a: ActiveJob, e: RenderEvent): void {
    if (e.type !== 'stage' || this.active.get(a.record.id) !== a) return;
    const r = a.record;
    r.stages = { ...r.stages, [e.stage]: e.status };
    r.stage = e.stage;
    // Monotonic within an attempt: a cached stage can report a lower overall than a slow one before it.
    r.progress = Math.max(r.progress, Math.min(1, Math.max(0, e.overall)));
    a.reportedEta = e.etaSec;
    a.dirty = true;
    this.jobThrottle.update(r.id, e.status === 'failed');
    this.batchThrottle.update(r.batchId);
  }

  private finish(a: ActiveJob, output: JobOutput | null, error: unknown): void {
    const r = a.record;
    this.active.delete(r.id);
    this.jobThrottle.forget(r.id);
    const now = this.now();
    // A render that completed despite a late cancel is kept: the video exists and is correct.
    const event: JobEvent = output ? 'succeed' : a.abortAs ?? 'fail';
    const status = nextStatus('running', event);
    const errorInfo: ErrorInfo | null = output ? null
      : a.abortAs === 'cancel' ? toErrorInfo(cancelledError())
      : a.abortAs ? null
      : toErrorInfo(error);
    this.repo.updateJob(r.id, {
      status, stages: r.stages, stage: r.stage, progress: output ? 1 : r.progress, error: errorInfo,
      output: output ? { mp4: output.mp4, thumbnail: output.thumbnail, durationSec: output.durationSec, ...(output.manifest?.warnings.length ? { warnings: output.manifest.warnings } : {}) } : null,
      manifest: output?.manifest ?? null, finishedAt: now,
    }, now);
    this.emitJob(r.id);
    if (event === 'fail') this.stopIfNeeded(r);
    this.batchThrottle.update(r.batchId, true);
    this.notifySettled(r.batchId);
    this.pump();
  }

  private stopIfNeeded(failed: JobRecord): void {
    const batch = this.repo.getBatch(failed.batchId);
    if (!batch?.stopOnError) return;
    const error: ErrorInfo = { kind: 'cancelled', subject: STOP_ON_ERROR_SUBJECT, message: `Not started: the batch stops on the first error ("${failed.title}" failed).` };
    this.announceJobs(this.repo.cancelJobs(batch.id, ['queued'], error, this.now()));
  }

  /**
   * Tells listeners about jobs changed in bulk, a few hundred per turn of the event loop: reading
   * and announcing 5,000 rows at once held every other request for a few hundred milliseconds.
   * Each part is read when it is announced, so a job that changed again meanwhile is told as it is now.
   */
  private announceJobs(ids: readonly string[]): void {
    if (ids.length === 0 || this.jobListeners.size === 0) return;
    const rest = [...ids];
    const step = (): void => {
      if (this.jobListeners.size === 0) return;
      for (const j of this.repo.jobsById(rest.splice(0, ANNOUNCE_PART))) for (const l of this.jobListeners) l(j);
      if (rest.length > 0) setImmediate(step);
    };
    step();
  }

  private abortActive(a: ActiveJob, kind: AbortKind): void {
    // Already stopping: only a cancel may overrule a pause (the user changed their mind).
    if (a.abortAs !== null) {
      if (a.abortAs === 'pause' && kind === 'cancel') a.abortAs = 'cancel';
      return;
    }
    a.abortAs = kind;
    const reason = kind === 'cancel' ? cancelledError() : new UserError('cancelled', kind === 'pause' ? 'The job was paused.' : 'The job was interrupted.');
    abortKinds.set(reason, kind);
    a.controller.abort(reason);
  }

  /** Applies a state-machine event to a stored (not running) job and announces it. */
  private applyEvent(job: JobRecord, event: JobEvent, extra: { error?: ErrorInfo | null } = {}): void {
    // A user asking for something impossible (retry a running job) gets a sentence, not a crash.
    if (!canTransition(job.status, event)) throw new UserError('usage', `"${job.title}" is ${job.status}: it cannot ${event} now.`, 'jobId');
    const status = nextStatus(job.status, event);
    const fresh = status === 'queued';
    this.repo.updateJob(job.id, {
      status,
      ...(fresh ? { progress: 0, stage: null, stages: {}, error: null, finishedAt: null } : {}),
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      ...(status === 'cancelled' ? { finishedAt: this.now() } : {}),
    }, this.now());
    this.jobThrottle.update(job.id, true);
    this.batchThrottle.update(job.batchId, true);
  }

  private reopenBatch(batchId: string): void {
    const b = this.requireBatch(batchId);
    if (b.status === 'done' || b.status === 'cancelled' || b.status === 'interrupted' || b.status === 'queued') this.setBatchStatus(b, 'running');
  }

  private setBatchStatus(b: BatchRecord, status: BatchStatus): void {
    this.repo.updateBatch({ id: b.id, status, concurrency: b.concurrency, stopOnError: b.stopOnError }, this.now());
    this.batchThrottle.update(b.id, true);
  }

  private notifySettled(batchId: string): void {
    const waiters = this.settleWaiters.get(batchId);
    if (!waiters) return;
    for (const w of [...waiters]) w();
    if (waiters.size === 0) this.settleWaiters.delete(batchId);
  }

  // ── views and emission ────────────────────────────────────────────────────

  private liveRecord(a: ActiveJob): JobRecord {
    const elapsed = a.record.startedAt === null ? 0 : (this.now() - a.record.startedAt) / 1000;
    return { ...a.record, etaSec: jobEtaSec(a.record.progress, elapsed, a.reportedEta) };
  }

  private flushJob(id: string): void {
    const a = this.active.get(id);
    if (a?.dirty) {
      a.dirty = false;
      this.repo.updateJob(id, { progress: a.record.progress, stage: a.record.stage, stages: a.record.stages }, this.now());
    }
    this.emitJob(id);
  }

  private emitJob(id: string): void {
    if (this.jobListeners.size === 0) return;
    const job = this.getJob(id);
    if (!job) return;
    for (const l of this.jobListeners) l(job);
  }

  private flushBatch(id: string): void {
    if (this.batchListeners.size === 0) return;
    const view = this.batchView(id);
    if (!view) return;
    for (const l of this.batchListeners) l(view);
  }

  private viewOf(b: BatchRecord): BatchView {
    const counts = { ...emptyCounts(), ...this.repo.counts(b.id) };
    const now = this.now();
    const times = this.repo.doneTimes(b.id);
    const running = [...this.active.values()].filter((a) => a.record.batchId === b.id);
    const starts = [...times.map((t) => t.startedAt), ...running.map((a) => a.record.startedAt ?? now)];
    const firstStart = starts.length ? Math.min(...starts) : null;
    const status = deriveBatchStatus(b.status, counts);
    const etaSec = status === 'paused' || status === 'cancelled' ? null : batchEtaSec({
      queued: counts.queued,
      running: running.map((a) => this.liveRecord(a).etaSec),
      avgJobSec: mean(times.map((t) => (t.finishedAt - t.startedAt) / 1000)),
      slots: Math.min(b.concurrency, this.limit),
    });
    return {
      id: b.id, status, concurrency: b.concurrency, stopOnError: b.stopOnError, counts,
      videosPerMinute: videosPerMinute(times.map((t) => t.finishedAt), firstStart, now),
      etaSec, createdAt: b.createdAt,
    };
  }

  private requireBatch(id: string): BatchRecord {
    const b = this.repo.getBatch(id);
    if (!b) throw new UserError('usage', `No batch with id "${id}": run "reelforge jobs" to list them.`, 'batchId');
    return b;
  }

  private requireJob(id: string): JobRecord {
    const j = this.repo.getJob(id);
    if (!j) throw new UserError('usage', `No job with id "${id}": run "reelforge jobs" to list them.`, 'jobId');
    return j;
  }
}

