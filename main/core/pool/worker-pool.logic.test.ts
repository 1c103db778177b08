/**
 * The pool's supervision rules against scripted fake workers: no processes, so the edge cases
 * (workers that never start, ignore a cancel, die every time) are exact and cheap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import type { FromWorker, JobProgress, MediaJob, ToWorker } from './protocol.js';
import type { Spawner, WorkerHandle } from './spawner.js';
import { WorkerPool, type PoolOptions, type PoolStats } from './worker-pool.js';

class FakeWorker implements WorkerHandle {
  readonly posted: ToWorker[] = [];
  killed = false;
  exited = false;
  private readonly messageCbs: Array<(m: FromWorker) => void> = [];
  private readonly exitCbs: Array<(code: number | null, signal: string | null) => void> = [];

  constructor(readonly pid: number, readonly name: string) {}

  postMessage(msg: ToWorker): void {
    if (!this.exited) this.posted.push(msg);
  }
  onMessage(cb: (m: FromWorker) => void): void {
    this.messageCbs.push(cb);
  }
  onExit(cb: (code: number | null, signal: string | null) => void): void {
    this.exitCbs.push(cb);
  }
  kill(): void {
    this.killed = true;
    queueMicrotask(() => this.exit(null, 'SIGKILL'));
  }
  /** Script a message from the worker. */
  say(msg: FromWorker): void {
    for (const cb of this.messageCbs) cb(msg);
  }
  exit(code: number | null, signal: string | null = null): void {
    if (this.exited) return;
    this.exited = true;
    for (const cb of this.exitCbs) cb(code, signal);
  }
  runs(): Extract<ToWorker, { type: 'run' }>[] {
    return this.posted.filter((m): m is Extract<ToWorker, { type: 'run' }> => m.type === 'run');
  }
}

/** Spawns FakeWorkers; by default each says 'ready' at once and obeys 'shutdown'. */
function fakeSpawner(behaviour: { autoReady?: boolean } = {}): { spawner: Spawner; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const spawner: Spawner = (_entry, opts) => {
    const w = new FakeWorker(1000 + workers.length, opts.name);
    workers.push(w);
    const post = w.postMessage.bind(w);
    w.postMessage = (msg) => {
      post(msg);
      if (msg.type === 'shutdown') queueMicrotask(() => w.exit(0));
    };
    if (behaviour.autoReady !== false) queueMicrotask(() => w.say({ type: 'ready', pid: w.pid }));
    return w;
  };
  return { spawner, workers };
}

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function makePool(spawner: Spawner, opts: Partial<PoolOptions> = {}): WorkerPool {
  const pool = new WorkerPool({ size: 1, spawner, entry: '/fake/media-worker.js', backoffMs: 1, cancelGraceMs: 5, shutdownGraceMs: 5, ...opts });
  pools.push(pool);
  return pool;
}

/** Let queued microtasks and due timers run. */
async function settleEvents(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 2));
}

const encode = (threads?: number): MediaJob => ({
  kind: 'ffmpeg',
  spec: { inputs: [{ source: 'in.mp4', options: [] }], outputs: [{ path: 'out.mp4', options: [] }], durationSec: 1 },
  ...(threads !== undefined ? { threads } : {}),
});
const speech: MediaJob = { kind: 'tts', tts: { voice: 'system:en-us', rate: 1, chunks: ['hi'], outPath: 'v.wav', gapMs: 0 } };

/** For jobs a test leaves running: afterEach's close() rejects them. */
const ignore = (): void => {};

async function failure(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('WorkerPool supervision', () => {
  it('gives up after maxAttempts when the worker dies under the job every time', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner, { maxAttempts: 3 });
    const job = pool.run(encode(), { label: 'compile' });
    for (let i = 0; i < 3; i++) {
      await settleEvents();
      expect(workers[i]?.runs()).toHaveLength(1);
      workers[i]?.exit(null, 'SIGSEGV');
    }
    const err = await failure(job);
    expect(err.message).toMatch(/crashed 3 times running the compile job/);
    expect(pool.stats()).toMatchObject({ spawned: 3, restarts: 3, queued: 0, busy: 0 });
  });

  it('keeps progress monotonic for the caller across a retry', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner);
    const seen: number[] = [];
    const job = pool.run(encode(), { onProgress: (p: JobProgress) => seen.push(p.fraction) });
    await settleEvents();
    const first = workers[0] as FakeWorker;
    const id = first.runs()[0]?.id as string;
    first.say({ type: 'progress', id, progress: { fraction: 0.5 } });
    first.exit(null, 'SIGKILL');
    await settleEvents();
    const second = workers[1] as FakeWorker;
    expect(second.runs()[0]?.id).toBe(id);
    second.say({ type: 'progress', id, progress: { fraction: 0.2 } });
    second.say({ type: 'progress', id, progress: { fraction: 1 } });
    second.say({ type: 'done', id, result: { elapsedMs: 7 } });
    await expect(job).resolves.toEqual({ elapsedMs: 7 });
    expect(seen).toEqual([0.5, 0.5, 1]);
  });

  it('answers a worker\'s flush, so its last reply before exiting is known to have arrived (R8)', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner);
    const job = pool.run(encode(), { label: 'compile' });
    await settleEvents();
    const w = workers[0]!;
    const id = w.runs()[0]!.id;
    w.say({ type: 'error', id, error: { kind: 'internal', message: 'The media worker failed unexpectedly: boom' } });
    w.say({ type: 'flush', token: 7 });
    expect(w.posted.at(-1)).toEqual({ type: 'flushed', token: 7 });
    w.exit(1);
    expect((await failure(job)).message).toMatch(/failed unexpectedly: boom/);
    expect(pool.stats().spawned).toBe(1);
  });

  it('does not retry a job whose worker replied with an error', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner);
    const job = pool.run(encode());
    await settleEvents();
    const w = workers[0] as FakeWorker;
    w.say({ type: 'error', id: w.runs()[0]?.id as string, error: { kind: 'input', message: 'ffmpeg could not read in.mp4', subject: 'in.mp4' } });
    const err = await failure(job);
    expect(err).toMatchObject({ kind: 'input', subject: 'in.mp4' });
    await settleEvents();
    expect(workers).toHaveLength(1);
    expect(w.runs()).toHaveLength(1);
  });

  it('kills a worker that does not confirm a cancel, and replaces it for the next job', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner, { cancelGraceMs: 5 });
    const ac = new AbortController();
    const job = pool.run(encode(), { signal: ac.signal });
    await settleEvents();
    const w = workers[0] as FakeWorker;
    ac.abort();
    expect((await failure(job)).kind).toBe('cancelled');
    expect(w.posted.map((m) => m.type)).toEqual(['run', 'cancel']);
    expect(pool.stats().busy).toBe(1); // still killing its ffmpeg
    await settleEvents();
    expect(w.killed).toBe(true);
    expect(pool.stats()).toMatchObject({ busy: 0, restarts: 1 });
    const next = pool.run(encode());
    await settleEvents();
    const fresh = workers[1] as FakeWorker;
    fresh.say({ type: 'done', id: fresh.runs()[0]?.id as string, result: { elapsedMs: 1 } });
    await expect(next).resolves.toEqual({ elapsedMs: 1 });
  });

  it('cancels a queued job without ever sending it to a worker', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner);
    const running = pool.run(encode());
    const ac = new AbortController();
    const queued = pool.run(encode(), { signal: ac.signal, label: 'thumbnail' });
    await settleEvents();
    expect(pool.stats().queued).toBe(1);
    ac.abort();
    expect((await failure(queued)).message).toBe('The thumbnail job was cancelled.');
    const w = workers[0] as FakeWorker;
    w.say({ type: 'done', id: w.runs()[0]?.id as string, result: { elapsedMs: 1 } });
    await running;
    await settleEvents();
    expect(w.runs()).toHaveLength(1);
    expect(pool.stats()).toMatchObject({ queued: 0, busy: 0 });
  });

  it('stops respawning a worker that cannot start and fails the waiting jobs with the reason', async () => {
    const { spawner, workers } = fakeSpawner({ autoReady: false });
    const pool = makePool(spawner, { maxAttempts: 2, startTimeoutMs: 60_000 });
    const job = pool.run(encode());
    await settleEvents();
    workers[0]?.exit(1);
    await settleEvents();
    workers[1]?.exit(1);
    const err = await failure(job);
    expect(err.message).toMatch(/could not start .*code 1.*\/fake\/media-worker\.js/);
    await settleEvents();
    expect(workers).toHaveLength(2);
  });

  it('kills a worker that never says ready within startTimeoutMs', async () => {
    const { spawner, workers } = fakeSpawner({ autoReady: false });
    const pool = makePool(spawner, { startTimeoutMs: 5, maxAttempts: 1 });
    const err = await failure(pool.run(encode()));
    expect(err.message).toMatch(/could not start .*SIGKILL/);
    expect(workers[0]?.killed).toBe(true);
  });

  it('splits cores between the encodes expected side by side; explicit threads and TTS are left alone', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner, { size: 2, cores: 8 });
    pool.run(encode()).catch(ignore);
    pool.run(encode()).catch(ignore);
    pool.run(encode(3)).catch(ignore);
    pool.run(speech).catch(ignore);
    await settleEvents();
    const sent = workers.flatMap((w) => w.runs()).map((r) => (r.job.kind === 'ffmpeg' ? r.job.threads : 'tts'));
    expect(sent).toEqual([4, 4]); // two encodes at once on 8 cores
    for (const w of workers) {
      const run = w.runs()[0];
      if (run) w.say({ type: 'done', id: run.id, result: { elapsedMs: 1 } });
    }
    await settleEvents();
    const next = workers.flatMap((w) => w.runs().slice(1)).map((r) => (r.job.kind === 'ffmpeg' ? r.job.threads : 'tts'));
    expect(next.sort()).toEqual([3, 'tts']);
  });

  it('alone, an encode gets every core', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner, { size: 2, cores: 4 });
    pool.run(encode()).catch(ignore);
    await settleEvents();
    const run = workers[0]?.runs()[0];
    expect(run?.job.kind === 'ffmpeg' && run.job.threads).toBe(4);
    expect(workers).toHaveLength(1); // lazily: one job, one worker
  });

  it('resize: shrinking retires idle workers, growing spawns for waiting jobs', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner, { size: 1 });
    pool.run(encode()).catch(ignore);
    pool.run(encode()).catch(ignore);
    await settleEvents();
    expect(workers).toHaveLength(1);
    pool.resize(2);
    await settleEvents();
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.runs().length)).toEqual([1, 1]);
    for (const w of workers) w.say({ type: 'done', id: w.runs()[0]?.id as string, result: { elapsedMs: 1 } });
    await settleEvents();
    pool.resize(1);
    await settleEvents();
    expect(workers.filter((w) => w.exited)).toHaveLength(1);
    expect(workers.find((w) => w.exited)?.posted.at(-1)).toEqual({ type: 'shutdown' });
    expect(pool.stats()).toMatchObject({ size: 1, restarts: 0 });
  });

  it('reports stats changes, and close() settles queued, running and retrying jobs', async () => {
    const { spawner, workers } = fakeSpawner();
    const pool = makePool(spawner, { backoffMs: 60_000 });
    const seen: PoolStats[] = [];
    const off = pool.onStatsChange((s) => seen.push(s));
    const retrying = pool.run(encode());
    await settleEvents();
    workers[0]?.exit(null, 'SIGKILL'); // the job now waits out a long backoff
    await settleEvents();
    const running = pool.run(encode());
    const queued = pool.run(encode());
    await settleEvents();
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 2 });
    expect(seen.some((s) => s.busy === 1)).toBe(true);
    off();
    const before = seen.length;
    await pool.close();
    for (const p of [retrying, running, queued]) expect((await failure(p)).kind).toBe('cancelled');
    expect(workers.every((w) => w.exited)).toBe(true);
    expect(seen).toHaveLength(before);
  });
});
