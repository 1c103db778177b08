/**
 * A farm worker: a BullMQ Worker on the `render` queue whose processor runs in this process and
 * hands the heavy work to the existing WorkerPool (ffmpeg and TTS run as children there), so
 * this event loop stays free to renew job locks — the BullMQ pitfall of CPU-bound processors
 * losing their locks does not arise (render-farm.md §1).
 *
 * - Cancel: the controller publishes `cancel` on the control channel; the worker holding that
 *   job aborts its AbortSignal, which the pool turns into killing ffmpeg.
 * - Progress: at most one update per job per 500 ms (the latest wins), through job.updateProgress
 *   → QueueEvents on the controller.
 * - Health: a worker that fails 3 jobs in a row for reasons that are not the job's own (not a
 *   bad input, not a cancel) stops taking jobs and says why in the registry, until resumed.
 * - Errors cross Redis whole (payload.ts); the job's own faults are not retried elsewhere.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { UpdateThrottle } from '../batch/throttle.js';
import { closeWithin } from './bounded-close.js';
import { cancelledError, toErrorInfo, UserError } from '../errors.js';
import { CONTROL_QUEUE, FARM_PREFIX, farmTimings, RENDER_QUEUE, workerOptions, type FarmTimings } from './farm-options.js';
import { encodeError, farmJobDataSchema, isPermanent, type FarmJobData, type FarmJobResult, type FarmProgress } from './payload.js';
import { pingRedis, redactRedisUrl, redisOptions } from './redis-url.js';
import { throttledErrorLog } from './redis-log.js';
import { RegistryRecord, type WorkerInfo } from './worker-registry.js';

/** Failures in a row (not the job's fault) after which a worker stops taking jobs. */
export const PAUSE_AFTER_FAILURES = 3;

export type FarmProgressUpdate = Omit<FarmProgress, 'worker'>;
type ResultWithoutWorker = FarmJobResult extends infer R ? R extends FarmJobResult ? Omit<R, 'worker'> : never : never;

/** Runs one job's work on this machine. Must reject promptly once `signal` aborts. */
export type FarmJobRunner = (data: FarmJobData, ctx: { jobId: string; signal: AbortSignal; onProgress: (p: FarmProgressUpdate) => void }) => Promise<ResultWithoutWorker>;

export interface FarmWorkerOptions {
  redisUrl: string;
  /** Shown in the registry; default the host name. */
  name?: string;
  /** Jobs at once. */
  slots: number;
  tags?: string[];
  capabilities: { ffmpeg: string; voices: string[] };
  run: FarmJobRunner;
  version?: string;
  timings?: FarmTimings;
  log?: (line: string) => void;
}

export class FarmWorker {
  readonly info: WorkerInfo;
  private readonly timings: FarmTimings;
  private readonly running = new Map<string, string>();
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly control: QueueEvents,
    private readonly record: RegistryRecord,
    private readonly redis: Redis,
    private readonly o: FarmWorkerOptions,
    timings: FarmTimings,
  ) {
    this.info = record.info;
    this.timings = timings;
  }

  static async start(o: FarmWorkerOptions): Promise<FarmWorker> {
    const timings = o.timings ?? farmTimings();
    await pingRedis(o.redisUrl);
    const connection = redisOptions(o.redisUrl);
    const host = os.hostname();
    const info: WorkerInfo = {
      id: `${host}-${process.pid}-${randomBytes(3).toString('hex')}`,
      name: o.name ?? host, host, pid: process.pid, version: o.version ?? '', platform: `${process.platform}-${process.arch}`,
      slots: o.slots, tags: o.tags ?? [], ffmpeg: o.capabilities.ffmpeg, voices: o.capabilities.voices,
      running: [], done: 0, failed: 0, failuresInRow: 0, paused: null, startedAt: Date.now(), seenAt: Date.now(),
    };
    const redis = new Redis(connection);
    redis.on('error', throttledErrorLog(o.log, 'registry connection'));
    const record = new RegistryRecord(redis, info, timings.registryTtlMs, o.log);
    const control = new QueueEvents(CONTROL_QUEUE, { connection, prefix: FARM_PREFIX });
    control.on('error', throttledErrorLog(o.log, 'control channel'));
    // Created paused-free but not running until the control channel listens: a cancel must never be missed.
    let self: FarmWorker | null = null;
    const worker = new Worker(RENDER_QUEUE, (job, _token, signal) => (self as FarmWorker).process(job, signal), {
      connection, prefix: FARM_PREFIX, concurrency: o.slots, autorun: false, name: info.id, ...workerOptions(timings),
    });
    worker.on('error', throttledErrorLog(o.log, 'worker'));
    worker.on('lockRenewalFailed', (ids: string[]) => o.log?.(`[farm] could not renew the lease of ${ids.join(', ')} (Redis unreachable?); the job goes on, a duplicate run elsewhere would be idempotent`));
    self = new FarmWorker(worker, control, record, redis, o, timings);
    const me = self;
    control.on('cancel' as 'error', (args: unknown) => me.onCancel(args));
    control.on('resume-worker' as 'error', (args: unknown) => me.onResume(args));
    try {
      await Promise.race([
        Promise.all([control.waitUntilReady(), worker.waitUntilReady(), redis.ping()]),
        new Promise((_, reject) => setTimeout(() => reject(new UserError('config', `Cannot reach Redis at ${redactRedisUrl(o.redisUrl)}: check --redis, the password and that port ${connection.port ?? 6379} is open to this machine.`, '--redis')), 15_000).unref()),
      ]);
    } catch (err) {
      await closeWithin(2000, [worker.close(true), control.close()]);
      redis.disconnect();
      throw err;
    }
    record.start(timings.heartbeatMs);
    void worker.run().catch(throttledErrorLog(o.log, 'worker loop'));
    o.log?.(`[farm] worker ${info.name} (${info.id}) takes up to ${o.slots} job(s) from ${redactRedisUrl(o.redisUrl)}`);
    return self;
  }

  get id(): string {
    return this.info.id;
  }

  /**
   * Graceful: stops taking jobs and waits for the ones running (a second call with force kills
   * them through their AbortSignals). The record is removed so the UI does not show a ghost.
   */
  close(force = false): Promise<void> {
    if (force) this.worker.cancelAllJobs('the worker is stopping');
    this.closing ??= (async () => {
      await this.worker.close(force);
      await closeWithin(3000, [this.control.close()]);
      await closeWithin(3000, [this.record.remove()]);
      this.redis.disconnect();
    })();
    return this.closing;
  }

  private async process(job: Job, signal: AbortSignal | undefined): Promise<FarmJobResult> {
    const jobId = job.id ?? '';
    const parsed = farmJobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(encodeError({ kind: 'internal', message: `Farm job ${jobId} carries data this worker cannot read (a controller on another Reelforge version?): ${parsed.error.issues[0]?.message ?? 'invalid'}.` }));
    }
    const data = parsed.data;
    const abort = signal ?? new AbortController().signal;
    this.running.set(jobId, data.title);
    this.record.update({ running: [...this.running.values()] });
    let latest: FarmProgressUpdate | null = null;
    const throttle = new UpdateThrottle<string>(this.timings.progressIntervalMs, () => {
      if (latest === null || abort.aborted) return;
      job.updateProgress({ ...latest, worker: this.info.id }).catch(() => undefined); // advisory: a Redis blip drops one update
    });
    try {
      const result = await this.o.run(data, { jobId, signal: abort, onProgress: (p) => {
        latest = p;
        throttle.update(jobId);
      } });
      this.record.update({ done: this.info.done + 1, failuresInRow: 0 });
      return { ...result, worker: { id: this.info.id, name: this.info.name } } as FarmJobResult;
    } catch (err) {
      const info = abort.aborted ? { ...toErrorInfo(cancelledError('The video')) } : toErrorInfo(err);
      const ours = !abort.aborted && !isPermanent(info.kind);
      const failuresInRow = ours ? this.info.failuresInRow + 1 : this.info.failuresInRow;
      this.record.update({ failed: this.info.failed + 1, failuresInRow });
      if (ours && failuresInRow >= PAUSE_AFTER_FAILURES && this.info.paused === null) this.pause(`${failuresInRow} jobs failed in a row; the last: ${info.message}`);
      this.o.log?.(`[farm] ${data.title} (${jobId}) failed: ${info.message}`);
      throw isPermanent(info.kind) ? new UnrecoverableError(encodeError(info)) : new Error(encodeError(info));
    } finally {
      throttle.dispose();
      this.running.delete(jobId);
      this.record.update({ running: [...this.running.values()] });
    }
  }

  private pause(reason: string): void {
    this.o.log?.(`[farm] this worker stops taking jobs: ${reason}. Resume it from Settings → Render farm or "reelforge farm workers --resume ${this.info.id}".`);
    this.record.update({ paused: reason });
    // Not awaited: we are inside a job, and pause() would wait for it.
    void this.worker.pause(true);
  }

  private onCancel(args: unknown): void {
    const jobId = (args as { jobId?: unknown } | null)?.jobId;
    if (typeof jobId !== 'string' || !this.running.has(jobId)) return;
    this.o.log?.(`[farm] cancelling ${jobId} at the controller's request`);
    this.worker.cancelJob(jobId, 'cancelled by the controller');
  }

  private onResume(args: unknown): void {
    const id = (args as { workerId?: unknown } | null)?.workerId;
    if (id !== this.info.id && id !== '*') return;
    if (this.info.paused === null) return;
    this.o.log?.('[farm] resumed: taking jobs again');
    this.record.update({ paused: null, failuresInRow: 0 });
    this.worker.resume();
  }
}
