import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrate, openDatabase } from '../db.js';
import { UserError } from '../errors.js';
import type { BatchView } from '../contract.js';
import { BatchQueue } from './queue.js';
import { APP_DB_MIGRATIONS } from './schema.js';
import { heldRunner, settle, tempDb, topics } from './test-helpers.js';
import type { JobRecord } from './types.js';

const OUT = '/tmp/reelforge-out';

afterEach(() => {
  vi.useRealTimers();
});

function statuses(q: BatchQueue, batchId: string): string[] {
  return q.jobs(batchId).map((j) => j.status);
}

describe('BatchQueue scheduling', () => {
  it('never has more videos in flight than the concurrency, and runs every job', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 3 });
    const b = q.createBatch(topics(10), { outDir: OUT });
    expect(r.inFlight()).toBe(3);
    while (r.pending().length > 0) {
      for (const c of r.pending()) c.succeed();
      await settle();
    }
    expect(r.maxInFlight()).toBe(3);
    expect(r.calls).toHaveLength(10);
    expect(statuses(q, b.id).every((s) => s === 'done')).toBe(true);
    const view = q.batchView(b.id) as BatchView;
    expect(view.status).toBe('done');
    expect(view.counts.done).toBe(10);
    // Jobs start in the order they were given.
    expect(r.calls.map((c) => c.spec.topic)).toEqual(topics(10).map((t) => t.spec.topic));
  });

  it('honours a batch concurrency below the queue limit, and a raised limit takes effect at once', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 5 });
    const b = q.createBatch(topics(6), { outDir: OUT, concurrency: 2 });
    expect(r.inFlight()).toBe(2);
    q.setBatchOptions(b.id, { concurrency: 4 });
    expect(r.inFlight()).toBe(4);
  });

  it('settled semantics: a failed job does not stop the others, and carries its reason', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 2 });
    const b = q.createBatch(topics(4), { outDir: OUT });
    r.calls[0]?.fail(new UserError('input', 'Background clip /x.mp4 does not exist', '/x.mp4'));
    await settle();
    while (r.pending().length > 0) {
      for (const c of r.pending()) c.succeed();
      await settle();
    }
    expect(statuses(q, b.id)).toEqual(['failed', 'done', 'done', 'done']);
    const failed = q.jobs(b.id)[0] as JobRecord;
    expect(failed.error).toEqual({ kind: 'input', message: 'Background clip /x.mp4 does not exist', subject: '/x.mp4' });
    expect(failed.output).toBeNull();
  });

  it('stopOnError: nothing new starts after the first failure; queued jobs are cancelled and retryFailed brings them back', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 2 });
    const b = q.createBatch(topics(5), { outDir: OUT, stopOnError: true });
    r.calls[0]?.fail(new Error('boom'));
    await settle();
    expect(r.calls).toHaveLength(2); // no third job started
    r.calls[1]?.succeed(); // the one already running finishes normally
    await settle();
    expect(statuses(q, b.id)).toEqual(['failed', 'done', 'cancelled', 'cancelled', 'cancelled']);
    expect(q.jobs(b.id)[2]?.error?.subject).toBe('stopOnError');
    const settled = await q.whenSettled(b.id);
    expect(settled.counts.cancelled).toBe(3);

    expect(q.retryFailed(b.id)).toBe(4);
    expect(r.inFlight()).toBe(2);
    expect(statuses(q, b.id)).toEqual(['running', 'done', 'running', 'queued', 'queued']);
  });

  it('a RunJob that throws synchronously fails its job without double-starting others', async () => {
    const { db } = tempDb();
    const started: string[] = [];
    const q = new BatchQueue({
      db, concurrency: 2,
      runJob: (spec) => {
        started.push(spec.topic ?? '');
        throw new Error(`bad ${spec.topic}`);
      },
    });
    const b = q.createBatch(topics(4), { outDir: OUT });
    await settle();
    expect(started).toEqual(['Topic 1', 'Topic 2', 'Topic 3', 'Topic 4']);
    expect(statuses(q, b.id)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(q.jobs(b.id).map((j) => j.attempts)).toEqual([1, 1, 1, 1]);
  });

  it('whenSettled resolves once every job has finished', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 2 });
    const b = q.createBatch(topics(3), { outDir: OUT });
    let settledView: BatchView | null = null;
    void q.whenSettled(b.id).then((v) => (settledView = v));
    r.calls[0]?.succeed();
    r.calls[1]?.succeed();
    await settle();
    expect(settledView).toBeNull();
    r.calls[2]?.fail(new Error('x'));
    await settle();
    expect(settledView).not.toBeNull();
    expect(settledView!.counts).toMatchObject({ done: 2, failed: 1, queued: 0, running: 0 });
  });
});

describe('BatchQueue control', () => {
  it('cancelling a running job aborts its signal and marks it cancelled; the next job takes its slot', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    const b = q.createBatch(topics(2), { outDir: OUT });
    const first = r.calls[0]!;
    q.cancelJob(first.jobId);
    expect(first.signal.aborted).toBe(true);
    await settle();
    expect(q.getJob(first.jobId)?.status).toBe('cancelled');
    expect(q.getJob(first.jobId)?.error?.kind).toBe('cancelled');
    expect(r.calls).toHaveLength(2);
    expect(statuses(q, b.id)).toEqual(['cancelled', 'running']);
  });

  it('cancelling a batch cancels queued jobs and aborts running ones', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 2 });
    const b = q.createBatch(topics(5), { outDir: OUT });
    q.cancelBatch(b.id);
    await settle();
    expect(r.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(r.calls).toHaveLength(2);
    expect(statuses(q, b.id).every((s) => s === 'cancelled')).toBe(true);
    expect(q.batchView(b.id)?.status).toBe('cancelled');
  });

  it('cancelling a big batch updates every waiting job at once: each job announced once, the batch view built once, not per job', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    const b = q.createBatch(topics(2000), { outDir: OUT });
    q.pauseBatch(b.id); // nothing running: all 2,000 are waiting
    await settle();
    const jobEvents = new Map<string, string>();
    let batchEvents = 0;
    q.onJob((j) => jobEvents.set(j.id, j.status));
    q.onBatch(() => batchEvents++);
    q.cancelBatch(b.id);
    // Announced a part per turn of the event loop, so other requests are answered meanwhile.
    expect(jobEvents.size).toBeLessThan(2000);
    for (let i = 0; i < 100 && jobEvents.size < 2000; i++) await settle();
    expect(jobEvents.size).toBe(2000);
    expect([...jobEvents.values()].every((s) => s === 'cancelled')).toBe(true);
    // A view per cancelled job counted the whole batch each time: seconds of blocked event loop at 5,000.
    expect(batchEvents).toBe(1);
    expect(q.batchView(b.id)?.counts.cancelled).toBe(2000);
    expect(q.jobs(b.id).every((j) => j.error?.kind === 'cancelled' && j.finishedAt !== null)).toBe(true);
  });

  it('a cancel while a pause is still stopping the render wins', async () => {
    const { db } = tempDb();
    let release: () => void = () => {};
    // A render that takes a moment to stop after its signal aborts (ffmpeg being killed).
    const q = new BatchQueue({
      db, concurrency: 1,
      runJob: (_spec, ctx) => new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => (release = () => reject(ctx.signal.reason)));
      }),
    });
    const b = q.createBatch(topics(2), { outDir: OUT });
    q.pauseBatch(b.id);
    q.cancelBatch(b.id);
    release();
    await settle();
    expect(statuses(q, b.id)).toEqual(['cancelled', 'cancelled']);
    expect(q.batchView(b.id)?.status).toBe('cancelled');
  });

  it('a batch keeps its render options: every job, resumed in another process or retried, renders with them', async () => {
    const { db } = tempDb();
    const renderOptions = { size: { width: 180, height: 320 }, quality: 'draft' as const, noCache: true };
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    const b = q.createBatch(topics(2), { outDir: OUT, renderOptions, concurrency: 2 });
    r.calls[0]?.fail(new UserError('input', 'bad clip'));
    await settle();
    expect(r.calls[1]?.renderOptions).toEqual(renderOptions);
    await q.close(); // the second job is interrupted, as by Ctrl-C

    // A later process (batch --resume, retry --failed) opens the same database.
    const later = heldRunner();
    const q2 = new BatchQueue({ db, runJob: later.runJob, concurrency: 2 });
    expect(q2.getBatch(b.id)?.renderOptions).toEqual(renderOptions);
    q2.resume(b.id);
    q2.retryFailed(b.id);
    expect(later.calls).toHaveLength(2);
    expect(later.calls.map((c) => c.renderOptions)).toEqual([renderOptions, renderOptions]);
  });

  it('pause stops the batch (running jobs become paused); resume re-queues and finishes them', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 2 });
    const b = q.createBatch(topics(3), { outDir: OUT });
    q.pauseBatch(b.id);
    await settle();
    expect(statuses(q, b.id)).toEqual(['paused', 'paused', 'queued']);
    expect(q.batchView(b.id)?.status).toBe('paused');
    expect(r.inFlight()).toBe(0);
    expect(r.calls).toHaveLength(2);

    q.resumeBatch(b.id);
    expect(r.inFlight()).toBe(2);
    while (r.pending().length > 0) {
      for (const c of r.pending()) c.succeed();
      await settle();
    }
    expect(statuses(q, b.id)).toEqual(['done', 'done', 'done']);
    expect(q.jobs(b.id)[0]?.attempts).toBe(2);
  });

  it('a single job can be paused while queued and resumed', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    const b = q.createBatch(topics(3), { outDir: OUT });
    const second = q.jobs(b.id)[1]!;
    q.pauseJob(second.id);
    r.calls[0]?.succeed();
    await settle();
    expect(r.calls[1]?.spec.topic).toBe('Topic 3'); // the paused one was skipped
    q.resumeJob(second.id);
    expect(q.getJob(second.id)?.status).toBe('queued');
  });

  it('retry re-queues a failed job with a fresh attempt; illegal requests are refused with a sentence', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    const b = q.createBatch(topics(1), { outDir: OUT });
    const id = r.calls[0]!.jobId;
    expect(() => q.retryJob(id)).toThrow(/is running: it cannot retry/);
    r.calls[0]?.fail(new Error('x'));
    await settle();
    expect(q.batchView(b.id)?.status).toBe('done');
    q.retryJob(id);
    expect(r.calls).toHaveLength(2);
    expect(q.getJob(id)).toMatchObject({ status: 'running', attempts: 2, error: null });
    r.calls[1]?.succeed();
    await settle();
    expect(q.getJob(id)?.status).toBe('done');
    expect(() => q.retryJob(id)).toThrow(UserError);
  });
});

describe('BatchQueue crash recovery', () => {
  it('jobs left running by a dead process are interrupted at open and finish on resume; done jobs are not re-run', async () => {
    const { db, file } = tempDb();
    const r1 = heldRunner();
    const q1 = new BatchQueue({ db, runJob: r1.runJob, concurrency: 2 });
    const b = q1.createBatch(topics(4), { outDir: OUT });
    r1.calls[0]?.succeed();
    await settle();
    // Simulate a crash: the process dies with two jobs running; nothing is cleaned up.
    expect(statuses(q1, b.id)).toEqual(['done', 'running', 'running', 'queued']);
    db.close();

    const db2 = openDatabase(file);
    migrate(db2, APP_DB_MIGRATIONS);
    const r2 = heldRunner();
    const q2 = new BatchQueue({ db: db2, runJob: r2.runJob, concurrency: 2 });
    expect(q2.interruptedAtOpen).toBe(2);
    expect(statuses(q2, b.id)).toEqual(['done', 'interrupted', 'interrupted', 'queued']);
    expect(q2.batchView(b.id)?.status).toBe('interrupted');
    expect(r2.calls).toHaveLength(0); // nothing starts before resume

    expect(q2.resume()).toBe(2);
    while (r2.pending().length > 0) {
      for (const c of r2.pending()) c.succeed();
      await settle();
    }
    expect(r2.calls.map((c) => c.spec.topic)).toEqual(['Topic 2', 'Topic 3', 'Topic 4']);
    expect(statuses(q2, b.id)).toEqual(['done', 'done', 'done', 'done']);
    expect(q2.batchView(b.id)?.status).toBe('done');
  });

  it('close() interrupts running jobs (their signals abort) and resume() finishes them', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 2 });
    const b = q.createBatch(topics(3), { outDir: OUT });
    await q.close();
    expect(r.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(statuses(q, b.id)).toEqual(['interrupted', 'interrupted', 'queued']);
    expect(q.getBatch(b.id)?.status).toBe('interrupted');

    const r2 = heldRunner();
    const q2 = new BatchQueue({ db, runJob: r2.runJob, concurrency: 2 });
    q2.resume(b.id);
    expect(r2.inFlight()).toBe(2);
  });
});

describe('BatchQueue progress and events', () => {
  it('keeps progress monotonic within an attempt and resets it for a retry', async () => {
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    q.createBatch(topics(1), { outDir: OUT });
    const c = r.calls[0]!;
    c.emit({ type: 'stage', stage: 'voice', status: 'running', fraction: 0.5, overall: 0.5 });
    c.emit({ type: 'stage', stage: 'background', status: 'cached', fraction: 1, overall: 0.3 });
    const live = q.getJob(c.jobId)!;
    expect(live.progress).toBe(0.5);
    expect(live.stages).toEqual({ voice: 'running', background: 'cached' });
    c.fail(new Error('x'));
    await settle();
    expect(q.getJob(c.jobId)?.progress).toBe(0.5); // kept for the failed row
    q.retryJob(c.jobId);
    expect(q.getJob(c.jobId)?.progress).toBe(0);
  });

  it('throttles job events to a few per second and flushes state changes at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    const events: JobRecord[] = [];
    q.onJob((j) => events.push(j));
    q.createBatch(topics(1), { outDir: OUT });
    const c = r.calls[0]!;
    expect(events.map((e) => e.status)).toEqual(['queued', 'running']); // created, then started

    // 1,000 progress events over 2 simulated seconds (one every 2 ms).
    for (let i = 1; i <= 1000; i++) {
      c.emit({ type: 'stage', stage: 'compile', status: 'running', fraction: i / 1000, overall: i / 1000 });
      vi.advanceTimersByTime(2);
    }
    vi.advanceTimersByTime(300);
    const progressEvents = events.slice(2);
    // ≤ 4 per second over 2 s (+1 for the trailing flush), and the last one carries the newest state.
    expect(progressEvents.length).toBeLessThanOrEqual(9);
    expect(progressEvents.length).toBeGreaterThanOrEqual(4);
    expect(progressEvents.at(-1)?.progress).toBe(1);
    for (let i = 1; i < progressEvents.length; i++) expect(progressEvents[i]!.progress).toBeGreaterThanOrEqual(progressEvents[i - 1]!.progress);

    c.succeed();
    vi.useRealTimers();
    await settle();
    expect(events.at(-1)?.status).toBe('done'); // the state change was not held back
  });

  it('reports videos per minute and an ETA for the batch', async () => {
    let now = 1_000_000;
    const { db } = tempDb();
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 2, now: () => now });
    const b = q.createBatch(topics(4), { outDir: OUT });
    expect(q.batchView(b.id)?.etaSec).toBeNull(); // nothing to go on yet
    now += 30_000;
    r.calls[0]?.succeed();
    r.calls[1]?.succeed();
    await settle();
    const view = q.batchView(b.id)!;
    expect(view.videosPerMinute).toBe(4); // 2 videos in 30 s
    // Two 30 s jobs left on two slots, both just started: about 30 s.
    expect(view.etaSec).toBe(30);
  });
});
