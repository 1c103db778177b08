/**
 * A supervised pool of media workers (DESIGN.md §5). Jobs queue until a worker is free; workers
 * are spawned lazily up to `size` and get work only after they say 'ready'. A worker that dies
 * mid-job is replaced and the job retried (bounded attempts, exponential backoff); a job that
 * fails for real (an 'error' reply) is not retried. Cancel asks the worker to kill its ffmpeg
 * and, if it does not confirm in time, kills the worker. close() leaves no process behind.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { outsideJobs } from '../batch/job-scope.js';
import { cancelledError, fromErrorInfo, UserError } from '../errors.js';
import type { FromWorker, JobProgress, MediaJob, MediaJobResult } from './protocol.js';
import type { Spawner, WorkerHandle } from './spawner.js';
import { threadsPerEncode } from './thread-budget.js';

export interface PoolOptions {
  /** Most workers alive at once. */
  size: number;
  spawner: Spawner;
  /** The worker entry file (see mediaWorkerEntry()). */
  entry: string;
  /** Added to every worker's environment, e.g. FFMPEG_PATH from the resolved location. */
  env?: Record<string, string>;
  /** Runs of one job, the first included, while workers keep dying under it. Default 3. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles with each further attempt. Default 250 ms. */
  backoffMs?: number;
  /** How long a worker may take to confirm a cancel before it is killed. Default 3 s. */
  cancelGraceMs?: number;
  /** How long a new worker may take to say 'ready' before it counts as failed. Default 30 s. */
  startTimeoutMs?: number;
  /** How long close() and resize() wait for a worker to exit on 'shutdown' before killing it. Default 3 s. */
  shutdownGraceMs?: number;
  /** Cores split between concurrent encodes. Default os.availableParallelism(). */
  cores?: number;
  log?: (line: string) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Never goes backwards, even when a retry starts the job over. */
  onProgress?: (p: JobProgress) => void;
  /** Names the job in errors and logs ("compile", "thumbnail"). */
  label?: string;
  /** The worker started a child process (ffmpeg) for this job. */
  onChildProcess?: (pid: number) => void;
}

export interface PoolStats {
  size: number;
  /** Workers running a job (a job being cancelled counts until its ffmpeg is gone). */
  busy: number;
  /** Jobs waiting for a worker, retries waiting out their backoff included. */
  queued: number;
  /** Workers started since the pool was created. */
  spawned: number;
  /** Workers that exited without being asked to (crash, kill, cancel timeout). */
  restarts: number;
}

interface Task {
  id: string;
  job: MediaJob;
  opts: RunOptions;
  attempts: number;
  settled: boolean;
  /** Highest fraction passed to onProgress so far. */
  progress: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onAbort?: () => void;
  retryTimer?: NodeJS.Timeout;
}

interface Slot {
  handle: WorkerHandle;
  name: string;
  ready: boolean;
  /** Asked to shut down (resize, close): its exit is expected and its job, if any, is settled. */
  retiring: boolean;
  alive: boolean;
  task: Task | null;
  exited: Promise<void>;
  startTimer?: NodeJS.Timeout;
  cancelTimer?: NodeJS.Timeout;
  shutdownTimer?: NodeJS.Timeout;
}

const DEFAULTS = { maxAttempts: 3, backoffMs: 250, cancelGraceMs: 3000, startTimeoutMs: 30_000, shutdownGraceMs: 3000 };

export class WorkerPool {
  private size: number;
  private readonly cfg: typeof DEFAULTS;
  private readonly cores: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  /** Tasks whose worker died, waiting out their backoff before they queue again. */
  private readonly retrying = new Set<Task>();
  private spawned = 0;
  private restarts = 0;
  /** Workers in a row that exited before saying 'ready'. */
  private startFailures = 0;
  private spawnHold: NodeJS.Timeout | undefined;
  private closing: Promise<void> | null = null;
  private readonly statsListeners = new Set<(s: PoolStats) => void>();
  private lastStats = '';

  constructor(private readonly o: PoolOptions) {
    this.size = Math.max(1, Math.floor(o.size));
    this.cfg = {
      maxAttempts: Math.max(1, o.maxAttempts ?? DEFAULTS.maxAttempts),
      backoffMs: o.backoffMs ?? DEFAULTS.backoffMs,
      cancelGraceMs: o.cancelGraceMs ?? DEFAULTS.cancelGraceMs,
      startTimeoutMs: o.startTimeoutMs ?? DEFAULTS.startTimeoutMs,
      shutdownGraceMs: o.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs,
    };
    this.cores = o.cores ?? os.availableParallelism();
  }

  /** Run a job on the next free worker. Rejects with a UserError; kind 'cancelled' after an abort. */
  run<J extends MediaJob>(job: J, opts: RunOptions = {}): Promise<MediaJobResult<J>> {
    const what = `The ${opts.label ?? job.kind} job`;
    if (this.closing) return Promise.reject(new UserError('internal', `${what} was not started: the worker pool is closed.`));
    if (opts.signal?.aborted) return Promise.reject(cancelledError(what));
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: randomUUID(), job, opts, attempts: 0, settled: false, progress: 0,
        resolve: resolve as (v: unknown) => void, reject,
      };
      if (opts.signal) {
        task.onAbort = () => this.cancel(task);
        opts.signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Change the size. Growing spawns for waiting jobs; shrinking retires idle workers now and busy ones when their job ends. */
  resize(n: number): void {
    this.size = Math.max(1, Math.floor(n));
    this.dispatch();
  }

  stats(): PoolStats {
    let busy = 0;
    for (const s of this.slots) if (s.task) busy++;
    return { size: this.size, busy, queued: this.queue.length + this.retrying.size, spawned: this.spawned, restarts: this.restarts };
  }

  /** Called whenever stats() changes (utilisation gauge). Returns an unsubscribe function. */
  onStatsChange(cb: (s: PoolStats) => void): () => void {
    this.statsListeners.add(cb);
    return () => this.statsListeners.delete(cb);
  }

  /** Pids of live workers (diagnostics and tests). */
  pids(): number[] {
    return [...this.slots].filter((s) => s.alive).map((s) => s.handle.pid).filter((p): p is number => p !== undefined);
  }

  /** Settle every job, ask every worker to shut down, kill those that don't, and wait until all have exited. */
  close(): Promise<void> {
    this.closing ??= this.shutdownAll();
    return this.closing;
  }

  // ---- scheduling -------------------------------------------------------------------------

  private dispatch(): void {
    if (this.closing) return;
    this.retireExcess();
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.alive && slot.ready && !slot.retiring && !slot.task) this.assign(slot, this.queue.shift() as Task);
    }
    this.spawnForQueue();
    this.emitStats();
  }

  /** After a shrink, idle workers above the size leave first (those still starting before ready ones). */
  private retireExcess(): void {
    let excess = this.activeSlots().length - this.size;
    if (excess <= 0) return;
    const idle = this.activeSlots().filter((s) => !s.task).sort((a, b) => Number(a.ready) - Number(b.ready));
    for (const slot of idle) {
      if (excess-- <= 0) break;
      this.retire(slot);
    }
  }

  private spawnForQueue(): void {
    if (this.spawnHold) return; // workers keep failing to start: wait out the backoff
    const starting = this.activeSlots().filter((s) => !s.ready).length;
    let want = Math.min(this.queue.length - starting, this.size - this.activeSlots().length);
    while (want-- > 0) this.spawn();
  }

  private activeSlots(): Slot[] {
    return [...this.slots].filter((s) => s.alive && !s.retiring);
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task;
    task.attempts++;
    const job = this.withThreads(task.job);
    this.o.log?.(`[pool] ${slot.name} runs ${task.opts.label ?? job.kind} ${task.id}${task.attempts > 1 ? ` (attempt ${task.attempts})` : ''}${job.kind === 'ffmpeg' && job.threads !== undefined ? ` threads=${job.threads}` : ''}`);
    slot.handle.postMessage({ type: 'run', id: task.id, job });
  }

  /**
   * Grant an encode its share of the cores, decided at dispatch (a running ffmpeg can't be
   * re-threaded): the encodes expected side by side are the ones running plus the ones queued
   * behind them, up to the pool size. A job that names its own threads keeps them.
   */
  private withThreads(job: MediaJob): MediaJob {
    if (job.kind !== 'ffmpeg' || job.threads !== undefined) return job;
    let running = 0;
    for (const s of this.slots) if (s.task?.job.kind === 'ffmpeg') running++; // includes this job's slot
    const waiting = this.queue.filter((t) => t.job.kind === 'ffmpeg').length;
    return { ...job, threads: threadsPerEncode(this.cores, Math.min(this.size, running + waiting)) };
  }

  // ---- worker lifecycle -------------------------------------------------------------------

  private spawn(): void {
    const name = `media-${++this.spawned}`;
    // A worker outlives the job that made it spawn: its callbacks must not run as that job.
    const handle = outsideJobs(() => this.o.spawner(this.o.entry, {
      name,
      ...(this.o.env ? { env: this.o.env } : {}),
      ...(this.o.log ? { log: this.o.log } : {}),
    }));
    let markExited: () => void = () => {};
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const slot: Slot = { handle, name, ready: false, retiring: false, alive: true, task: null, exited };
    this.slots.add(slot);
    slot.startTimer = setTimeout(() => {
      this.o.log?.(`[pool] ${name} did not report ready within ${this.cfg.startTimeoutMs} ms; killing it`);
      handle.kill();
    }, this.cfg.startTimeoutMs);
    handle.onMessage((m) => this.onMessage(slot, m));
    handle.onExit((code, signal) => {
      this.onExit(slot, code, signal);
      markExited();
    });
  }

  private retire(slot: Slot): void {
    slot.retiring = true;
    clearTimeout(slot.startTimer);
    if (!slot.ready) {
      // Nothing to stop yet, and a worker still loading its modules may not be listening.
      slot.handle.kill();
      return;
    }
    slot.handle.postMessage({ type: 'shutdown' });
    slot.shutdownTimer = setTimeout(() => slot.handle.kill(), this.cfg.shutdownGraceMs);
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (!slot.alive) return;
    if (m.type === 'ready') {
      clearTimeout(slot.startTimer);
      slot.ready = true;
      this.startFailures = 0;
      this.dispatch();
      return;
    }
    if (m.type === 'flush') {
      // Messages arrive in order, so everything the worker sent before this is already handled.
      slot.handle.postMessage({ type: 'flushed', token: m.token });
      return;
    }
    const task = slot.task;
    if (!task || task.id !== m.id) return; // a late message for a job this worker no longer runs
    switch (m.type) {
      case 'progress':
        if (task.settled) return;
        // A retry starts the job over; the caller's bar should hold, not jump back.
        task.progress = Math.max(task.progress, m.progress.fraction);
        this.callback(() => task.opts.onProgress?.({ ...m.progress, fraction: task.progress }));
        return;
      case 'child':
        this.o.log?.(`[pool] ${slot.name} started pid ${m.pid} for ${task.opts.label ?? task.job.kind} ${task.id}`);
        this.callback(() => task.opts.onChildProcess?.(m.pid));
        return;
      case 'done':
      case 'error':
        // A cancelled job settled already; its 'error' (cancelled) reply just frees the worker.
        clearTimeout(slot.cancelTimer);
        slot.task = null;
        if (m.type === 'done') this.settle(task, null, m.result);
        else this.settle(task, fromErrorInfo(m.error));
        this.dispatch();
        return;
    }
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    slot.alive = false;
    for (const t of [slot.startTimer, slot.cancelTimer, slot.shutdownTimer]) clearTimeout(t);
    this.slots.delete(slot);
    const how = signal ?? `code ${String(code)}`;
    if (slot.retiring || this.closing) {
      this.emitStats();
      return;
    }
    this.restarts++;
    const task = slot.task;
    slot.task = null;
    if (!slot.ready) this.onStartFailure(slot, how);
    else if (task && !task.settled) this.retryOrFail(task, `${slot.name} exited (${how})`);
    else this.o.log?.(`[pool] ${slot.name} exited (${how})`);
    this.dispatch();
  }

  private retryOrFail(task: Task, why: string): void {
    const max = this.cfg.maxAttempts;
    this.o.log?.(`[pool] ${why} during ${task.opts.label ?? task.job.kind} ${task.id}; attempt ${task.attempts} of ${max}`);
    if (task.attempts >= max) {
      this.settle(task, new UserError('internal', `A media worker crashed ${task.attempts} times running the ${task.opts.label ?? task.job.kind} job; giving up. The worker's output is in the log.`));
      return;
    }
    this.retrying.add(task);
    task.retryTimer = setTimeout(() => {
      this.retrying.delete(task);
      if (task.settled || this.closing) return;
      this.queue.unshift(task); // it waited its turn once already
      this.dispatch();
    }, this.cfg.backoffMs * 2 ** (task.attempts - 1));
  }

  /**
   * A worker that dies before 'ready' is broken (bad entry, missing ffmpeg library, tsx
   * absent): respawning it at once would loop forever. Back off, and after maxAttempts failures
   * in a row fail the waiting jobs with the reason instead of leaving them queued.
   */
  private onStartFailure(slot: Slot, how: string): void {
    this.startFailures++;
    this.o.log?.(`[pool] ${slot.name} exited (${how}) before it was ready (${this.startFailures} in a row)`);
    if (this.startFailures >= this.cfg.maxAttempts) {
      this.startFailures = 0;
      const err = new UserError('internal', `The media worker could not start (${this.cfg.maxAttempts} tries, last ${how}): ${this.o.entry}. The worker's output is in the log.`, this.o.entry);
      for (const t of this.queue.splice(0)) this.settle(t, err);
      return;
    }
    this.spawnHold = setTimeout(() => {
      this.spawnHold = undefined;
      this.dispatch();
    }, this.cfg.backoffMs * 2 ** (this.startFailures - 1));
  }

  // ---- cancel, settle, close --------------------------------------------------------------

  private cancel(task: Task): void {
    if (task.settled) return;
    this.settle(task, cancelledError(`The ${task.opts.label ?? task.job.kind} job`));
    const qi = this.queue.indexOf(task);
    if (qi >= 0) this.queue.splice(qi, 1);
    if (this.retrying.delete(task)) clearTimeout(task.retryTimer);
    const slot = [...this.slots].find((s) => s.task === task);
    if (slot) {
      // The worker kills its ffmpeg and replies; it stays busy until then. One that doesn't
      // answer in time is killed, which takes the ffmpeg with it; its exit frees the slot.
      slot.handle.postMessage({ type: 'cancel', id: task.id });
      slot.cancelTimer = setTimeout(() => {
        this.o.log?.(`[pool] ${slot.name} did not confirm cancel of ${task.id} within ${this.cfg.cancelGraceMs} ms; killing it`);
        slot.handle.kill();
      }, this.cfg.cancelGraceMs);
    }
    this.emitStats();
  }

  private settle(task: Task, err: Error | null, value?: unknown): void {
    if (task.settled) return;
    task.settled = true;
    if (task.onAbort) task.opts.signal?.removeEventListener('abort', task.onAbort);
    if (err) task.reject(err);
    else task.resolve(value);
  }

  private async shutdownAll(): Promise<void> {
    clearTimeout(this.spawnHold);
    const closed = (during: string): UserError => new UserError('cancelled', `The worker pool was closed ${during}.`);
    for (const t of this.queue.splice(0)) this.settle(t, closed('before this job started'));
    for (const t of this.retrying) {
      clearTimeout(t.retryTimer);
      this.settle(t, closed('before this job started'));
    }
    this.retrying.clear();
    const slots = [...this.slots];
    for (const slot of slots) {
      if (slot.task) this.settle(slot.task, closed('while this job ran'));
      // The worker aborts its jobs (killing ffmpeg) and exits; one that doesn't is killed.
      if (!slot.retiring) this.retire(slot);
    }
    await Promise.all(slots.map((s) => s.exited));
    this.emitStats();
  }

  private emitStats(): void {
    const s = this.stats();
    const key = `${s.size}/${s.busy}/${s.queued}/${s.spawned}/${s.restarts}`;
    if (key === this.lastStats) return;
    this.lastStats = key;
    for (const cb of this.statsListeners) this.callback(() => cb(s));
  }

  /** A throwing listener must not take the supervisor down with it. */
  private callback(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.o.log?.(`[pool] listener threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
