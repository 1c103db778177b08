/**
 * The controller's side of BullMQ: it adds one job per video to the `render` queue, follows it
 * through QueueEvents (progress, completed, failed), and settles the caller's promise with the
 * worker's result or its error.
 *
 * Idempotent by job id: the id is chosen by the caller (one per run of a video), so adding it
 * again — after a controller restart, or after Redis lost its data — attaches to the job that is
 * there, or starts it once more if Redis has forgotten it. Events can be missed (a Redis restart,
 * a controller that was down), so every job waited for is also re-checked on a timer.
 *
 * Cancel: a waiting job is removed; an active one gets a `cancel` event on the control channel,
 * which the worker holding it turns into an AbortSignal (its ffmpeg is killed at once).
 */
import { Queue, QueueEvents, QueueEventsProducer } from 'bullmq';
import { Redis } from 'ioredis';
import { fromErrorInfo, UserError } from '../errors.js';
import { closeWithin } from './bounded-close.js';
import { CONTROL_QUEUE, FARM_PREFIX, farmTimings, jobOptions, RENDER_QUEUE, type FarmTimings } from './farm-options.js';
import { decodeError, farmJobResultSchema, farmProgressSchema, type FarmJobData, type FarmJobResult, type FarmProgress } from './payload.js';
import { pingRedis, redactRedisUrl, redisOptions } from './redis-url.js';
import { throttledErrorLog } from './redis-log.js';
import { listWorkers, type WorkerInfo } from './worker-registry.js';

export interface FarmDispatcherOptions {
  redisUrl: string;
  timings?: FarmTimings;
  log?: (line: string) => void;
  /** How long open() waits for Redis before saying it cannot reach it. Default 10 s. */
  connectTimeoutMs?: number;
}

export interface RunOptions {
  /** Unique per run of a video; the same id attaches to the same run. */
  jobId: string;
  onProgress?: (p: FarmProgress) => void;
}

interface Pending {
  data: FarmJobData;
  resolve: (r: FarmJobResult) => void;
  reject: (e: Error) => void;
  onProgress: ((p: FarmProgress) => void) | undefined;
  /** The last progress passed on, so a re-check does not repeat it (≤ 2 updates/s per job). */
  lastProgress: string;
  checking: boolean;
}

/** Waits for a BullMQ object's connection, or fails with a sentence naming the URL. */
async function ready(what: { waitUntilReady(): Promise<unknown> }, url: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      what.waitUntilReady(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new UserError('config', `Cannot reach Redis at ${redactRedisUrl(url)} within ${Math.round(ms / 1000)} s: start it (see "Render farm" in the README) or fix --redis.`, '--redis')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class FarmDispatcher {
  readonly timings: FarmTimings;
  /** The Redis URL without its password. */
  readonly redisLabel: string;
  private readonly pending = new Map<string, Pending>();
  private readonly reconcileTimer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly control: QueueEventsProducer,
    private readonly redis: Redis,
    private readonly o: FarmDispatcherOptions,
  ) {
    this.timings = o.timings ?? farmTimings();
    this.redisLabel = redactRedisUrl(o.redisUrl);
    events.on('progress', ({ jobId, data }) => this.onProgress(jobId, data));
    events.on('completed', ({ jobId, returnvalue }) => this.onCompleted(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => this.settleFailed(jobId, failedReason));
    events.on('removed', ({ jobId }) => this.onRemoved(jobId));
    this.reconcileTimer = setInterval(() => this.reconcile(), this.timings.reconcileMs);
    this.reconcileTimer.unref();
  }

  static async open(o: FarmDispatcherOptions): Promise<FarmDispatcher> {
    await pingRedis(o.redisUrl, o.connectTimeoutMs ?? 5000);
    const connection = redisOptions(o.redisUrl);
    const queue = new Queue(RENDER_QUEUE, { connection, prefix: FARM_PREFIX });
    const events = new QueueEvents(RENDER_QUEUE, { connection, prefix: FARM_PREFIX });
    const control = new QueueEventsProducer(CONTROL_QUEUE, { connection, prefix: FARM_PREFIX });
    const redis = new Redis(connection);
    queue.on('error', throttledErrorLog(o.log, 'render queue'));
    events.on('error', throttledErrorLog(o.log, 'queue events'));
    control.on('error', throttledErrorLog(o.log, 'control channel'));
    redis.on('error', throttledErrorLog(o.log, 'registry connection'));
    try {
      const ms = o.connectTimeoutMs ?? 10_000;
      await ready(queue, o.redisUrl, ms);
      await ready(events, o.redisUrl, ms);
    } catch (err) {
      await closeWithin(2000, [queue.close(), events.close(), control.close()]);
      redis.disconnect();
      throw err;
    }
    return new FarmDispatcher(queue, events, control, redis, o);
  }

  /** Jobs this controller waits for. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Runs a job on the farm (or attaches to it, if a job with this id exists) and resolves with
   * the worker's result; rejects with the worker's error as a UserError.
   */
  run(data: FarmJobData, opts: RunOptions): Promise<FarmJobResult> {
    if (this.closed) return Promise.reject(new UserError('internal', 'The farm connection is closed.'));
    if (this.pending.has(opts.jobId)) return Promise.reject(new UserError('internal', `Farm job ${opts.jobId} is already being waited for.`));
    return new Promise<FarmJobResult>((resolve, reject) => {
      this.pending.set(opts.jobId, { data, resolve, reject, onProgress: opts.onProgress, lastProgress: '', checking: false });
      void this.add(opts.jobId, data).then(() => this.check(opts.jobId));
    });
  }

  /** Stops waiting for a job without touching it (the controller is closing; the job carries on). */
  detach(jobId: string, reason: Error): void {
    const p = this.pending.get(jobId);
    if (!p) return;
    this.pending.delete(jobId);
    p.reject(reason);
  }

  /** Cancels a job wherever it is: removed if it waits, aborted on its worker if it runs. */
  async cancel(jobId: string): Promise<void> {
    // Tell the workers first: the one holding it kills its ffmpeg now, whatever Redis says next.
    await this.control.publishEvent({ eventName: 'cancel', jobId });
    const job = await this.queue.getJob(jobId);
    if (!job) return;
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') {
      await job.remove().catch(() => undefined); // it became active meanwhile: the event stops it
    }
  }

  /** A worker paused after failures takes jobs again. */
  async resumeWorker(workerId: string): Promise<void> {
    await this.control.publishEvent({ eventName: 'resume-worker', workerId });
  }

  async workers(): Promise<WorkerInfo[]> {
    return listWorkers(this.redis);
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  }

  /** What BullMQ recorded of a job: when it was added, started and finished, and how often it was started. */
  async jobRecord(jobId: string): Promise<{ addedAt: number; processedOn: number | null; finishedOn: number | null; starts: number; state: string } | null> {
    const job = await this.queue.getJob(jobId);
    if (!job) return null;
    return { addedAt: job.timestamp, processedOn: job.processedOn ?? null, finishedOn: job.finishedOn ?? null, starts: job.attemptsStarted, state: await job.getState() };
  }

  /** Stops following jobs (they carry on in Redis) and closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.reconcileTimer);
    for (const [id, p] of this.pending) p.reject(new UserError('cancelled', `Stopped waiting for farm job ${id}: the controller is closing.`));
    this.pending.clear();
    await closeWithin(3000, [this.events.close(), this.queue.close(), this.control.close()]);
    this.redis.disconnect();
  }

  // ── following jobs ────────────────────────────────────────────────────────

  private async add(jobId: string, data: FarmJobData): Promise<void> {
    try {
      // An existing job with this id is left as it is: that is how a restart re-attaches.
      await this.queue.add(data.kind, data, { ...jobOptions(this.timings), jobId });
    } catch (err) {
      // Redis refused the write (down longer than the offline queue holds, or full under noeviction).
      this.settle(jobId, null, new UserError('io', `Redis at ${this.redisLabel} did not take the job (${err instanceof Error ? err.message : String(err)}): check that it runs and has memory to spare (maxmemory, noeviction).`, '--redis'));
    }
  }

  /** Looks the job up and settles it if it finished; re-adds it if Redis no longer has it. */
  private async check(jobId: string): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p || p.checking) return;
    p.checking = true;
    try {
      // The state first, then the job: BullMQ writes a result and the move to completed together,
      // so a job read after its state says completed carries the result. Read the other way round,
      // a job that finished in between looks completed with no result.
      const state = await this.queue.getJobState(jobId);
      if (!this.pending.has(jobId)) return;
      const job = state === 'unknown' ? undefined : await this.queue.getJob(jobId);
      if (!this.pending.has(jobId)) return;
      if (!job) {
        this.o.log?.(`[farm] job ${jobId} is not in Redis (Redis lost it, or it expired): adding it again`);
        await this.add(jobId, p.data);
        return;
      }
      if (state === 'completed') this.onCompleted(jobId, job.returnvalue);
      else if (state === 'failed') this.settleFailed(jobId, job.failedReason);
      // Progress read here may be older than an event already passed on: only a job just
      // (re)attached to, which has had no event yet, takes it.
      else if (p.lastProgress === '' && job.progress && typeof job.progress === 'object') this.onProgress(jobId, job.progress);
    } catch (err) {
      this.o.log?.(`[farm] checking job ${jobId}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      p.checking = false;
    }
  }

  private reconcile(): void {
    for (const id of this.pending.keys()) void this.check(id);
  }

  private onProgress(jobId: string, data: unknown): void {
    const p = this.pending.get(jobId);
    if (!p?.onProgress) return;
    const parsed = farmProgressSchema.safeParse(data);
    if (!parsed.success) return; // progress is advisory; the result is validated strictly
    const text = JSON.stringify(parsed.data);
    if (text === p.lastProgress) return;
    p.lastProgress = text;
    try {
      p.onProgress(parsed.data);
    } catch (err) {
      this.o.log?.(`[farm] progress listener threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private onCompleted(jobId: string, value: unknown): void {
    if (!this.pending.has(jobId)) return;
    const parsed = farmJobResultSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
    if (!parsed.success) {
      this.settle(jobId, null, new UserError('internal', `Farm job ${jobId} finished with a result this controller cannot read (a worker on another Reelforge version?): ${parsed.error.issues[0]?.message ?? 'invalid'}.`));
      return;
    }
    this.settle(jobId, parsed.data, null);
  }

  private settleFailed(jobId: string, reason: string | undefined): void {
    if (!this.pending.has(jobId)) return;
    this.settle(jobId, null, fromErrorInfo(decodeError(reason)));
  }

  private onRemoved(jobId: string): void {
    if (!this.pending.has(jobId)) return;
    this.settle(jobId, null, new UserError('cancelled', 'The video was removed from the farm queue before it started.'));
  }

  private settle(jobId: string, result: FarmJobResult | null, error: Error | null): void {
    const p = this.pending.get(jobId);
    if (!p) return;
    this.pending.delete(jobId);
    if (error) p.reject(error);
    else if (result) p.resolve(result);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
