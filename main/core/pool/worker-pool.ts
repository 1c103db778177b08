/**
 * A supervised pool of media workers. Jobs queue until a worker is free; a worker that dies
 * mid-job is replaced and the job retried (bounded, with backoff); a job that fails for real
 * is not retried; cancel tells the worker to kill its ffmpeg and, if it doesn't answer, kills
 * the worker. close() leaves no process behind.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { cancelledError, fromErrorInfo, UserError } from '../errors.js';
import type { FromWorker, JobProgress, MediaJob, MediaJobResult } from './protocol.js';
import type { Spawner, WorkerHandle } from './spawner.js';

export interface PoolOptions {
  size: number;
  spawner: Spawner;
  entry: string;
  env?: Record<string, string>;
  maxAttempts?: number;
  backoffMs?: number;
  /** How long a worker may take to confirm a cancel before it is killed. */
  cancelGraceMs?: number;
  log?: (line: string) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  label?: string;
}

export interface PoolStats {
  size: number;
  busy: number;
  queued: number;
  spawned: number;
  restarts: number;
}

interface Task {
  id: string;
  job: MediaJob;
  opts: RunOptions;
  attempts: number;
  settled: boolean;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onAbort?: () => void;
}

interface Slot {
  handle: WorkerHandle;
  name: string;
  ready: boolean;
  task: Task | null;
  alive: boolean;
  cancelTimer?: NodeJS.Timeout;
}

export class WorkerPool {
  private size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private spawned = 0;
  private restarts = 0;
  private closed = false;
  private readonly statsListeners: Array<(s: PoolStats) => void> = [];
  private readonly cores = os.availableParallelism();

  constructor(private readonly o: PoolOptions) {
    this.size = Math.max(1, o.size);
  }

  run<J extends MediaJob>(job: J, opts: RunOptions = {}): Promise<MediaJobResult<J>> {
    if (this.closed) return Promise.reject(new UserError('internal', 'The worker pool is closed.'));
    if (opts.signal?.aborted) return Promise.reject(cancelledError(`The ${opts.label ?? job.kind} job`));
    return new Promise((resolve, reject) => {
      const task: Task = { id: randomUUID(), job, opts, attempts: 0, settled: false, resolve: resolve as (v: unknown) => void, reject };
      if (opts.signal) {
        task.onAbort = () => this.cancel(task);
        opts.signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  resize(n: number): void {
    this.size = Math.max(1, n);
    this.dispatch();
  }

  stats(): PoolStats {
    let busy = 0;
    for (const s of this.slots) if (s.task) busy++;
    return { size: this.size, busy, queued: this.queue.length, spawned: this.spawned, restarts: this.restarts };
  }

  onStatsChange(cb: (s: PoolStats) => void): void {
    this.statsListeners.push(cb);
  }

  /** Pids of live workers (for tests and diagnostics). */
  pids(): number[] {
    return [...this.slots].map((s) => s.handle.pid).filter((p): p is number => p !== undefined);
  }

  private emitStats(): void {
    const s = this.stats();
    for (const cb of this.statsListeners) cb(s);
  }

  private settle(task: Task, err: Error | null, value?: unknown): void {
    if (task.settled) return;
    task.settled = true;
    if (task.onAbort) task.opts.signal?.removeEventListener('abort', task.onAbort);
    if (err) task.reject(err);
    else task.resolve(value);
  }

  private cancel(task: Task): void {
    const err = cancelledError(`The ${task.opts.label ?? task.job.kind} job`);
    const qi = this.queue.indexOf(task);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      this.settle(task, err);
      this.emitStats();
      return;
    }
    const slot = [...this.slots].find((s) => s.task === task);
    this.settle(task, err);
    if (!slot) return;
    slot.handle.postMessage({ type: 'cancel', id: task.id });
    // A worker that doesn't confirm in time is killed; its exit frees the slot.
    slot.cancelTimer = setTimeout(() => slot.handle.kill(), this.o.cancelGraceMs ?? 3000);
  }

  private runningFfmpeg(): number {
    let n = 0;
    for (const s of this.slots) if (s.task?.job.kind === 'ffmpeg') n++;
    return n;
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.alive && slot.ready && !slot.task) this.assign(slot, this.queue.shift() as Task);
    }
    const idleOrStarting = [...this.slots].filter((s) => s.alive && (!s.ready || !s.task)).length;
    let want = Math.min(this.queue.length - idleOrStarting, this.size - this.slots.size);
    while (want-- > 0) this.spawn();
    this.emitStats();
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task;
    task.attempts++;
    let job = task.job;
    if (job.kind === 'ffmpeg' && job.threads === undefined) {
      // Two encodes that each get every core fight for them; split the cores between them
      // (perf-floor.md: the best batch setting on 2 cores is 2 encodes × 1 thread).
      const running = this.runningFfmpeg();
      job = { ...job, threads: Math.max(1, Math.floor(this.cores / Math.max(1, running))) };
    }
    slot.handle.postMessage({ type: 'run', id: task.id, job });
    this.emitStats();
  }

  private spawn(): void {
    const name = `media-${++this.spawned}`;
    const handle = this.o.spawner(this.o.entry, { name, ...(this.o.env ? { env: this.o.env } : {}), ...(this.o.log ? { log: this.o.log } : {}) });
    const slot: Slot = { handle, name, ready: false, task: null, alive: true };
    this.slots.add(slot);
    handle.onMessage((m) => this.onMessage(slot, m));
    handle.onExit((code, signal) => this.onExit(slot, code, signal));
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.dispatch();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== m.id) return;
    if (m.type === 'progress') {
      if (!task.settled) task.opts.onProgress?.(m.progress);
      return;
    }
    clearTimeout(slot.cancelTimer);
    slot.task = null;
    if (m.type === 'done') this.settle(task, null, m.result);
    else this.settle(task, fromErrorInfo(m.error));
    this.dispatch();
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    slot.alive = false;
    clearTimeout(slot.cancelTimer);
    this.slots.delete(slot);
    const task = slot.task;
    slot.task = null;
    if (task && !task.settled && !this.closed) {
      this.restarts++;
      const max = this.o.maxAttempts ?? 3;
      this.o.log?.(`[pool] ${slot.name} exited (${signal ?? `code ${String(code)}`}) during a ${task.job.kind} job; attempt ${task.attempts} of ${max}`);
      if (task.attempts >= max) {
        this.settle(task, new UserError('internal', `A media worker crashed ${task.attempts} times running this ${task.opts.label ?? task.job.kind} job; giving up. See the log for its output.`));
      } else {
        const delay = (this.o.backoffMs ?? 250) * 2 ** (task.attempts - 1);
        setTimeout(() => {
          if (task.settled || this.closed) return;
          this.queue.unshift(task);
          this.dispatch();
        }, delay);
      }
    }
    this.dispatch();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.queue.splice(0)) this.settle(t, new UserError('cancelled', 'The worker pool was closed before this job started.'));
    const slots = [...this.slots];
    await Promise.all(slots.map((s) => new Promise<void>((resolve) => {
      if (!s.alive) return resolve();
      if (s.task) this.settle(s.task, new UserError('cancelled', 'The worker pool was closed while this job ran.'));
      const timer = setTimeout(() => {
        s.handle.kill();
      }, 1500);
      s.handle.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      s.handle.postMessage({ type: 'shutdown' });
    })));
    this.emitStats();
  }
}
