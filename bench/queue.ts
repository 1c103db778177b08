/**
 * Issue 14's benchmark: the queue operations a creator triggers at volume, on a real
 * reelforge.db with 1,000 jobs (no rendering: the RunJob holds every job until it is stopped).
 * - add 1,000 jobs (one drop), and the snapshot the UI loads (queue.list as the host builds it)
 * - cancel the batch, "Retry" the 1,000 cancelled jobs, "Clear finished" of 1,000 settled rows
 * Each is the median of `rounds` fresh runs. The floor for Clear finished is the same change as
 * one hand-written UPDATE on the same table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAppDb } from '../main/core/batch/app-db.js';
import { BatchQueue } from '../main/core/batch/queue.js';
import type { RunJob } from '../main/core/batch/types.js';
import { toJobView } from '../main/core/studio/views.js';
import type { BenchRow } from './table.js';

/** Never finishes by itself; rejects when the queue stops it (like a render killed mid-encode). */
const held: RunJob = (_spec, ctx) => new Promise((_resolve, reject) => {
  ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

export async function benchQueue(opts: { jobs: number; rounds?: number }): Promise<BenchRow[]> {
  const n = opts.jobs;
  const group = `queue ${n.toLocaleString('en')} jobs`;
  const m = { add: [] as number[], snapshot: [] as number[], bytes: [] as number[], cancel: [] as number[], retry: [] as number[], clear: [] as number[], floor: [] as number[] };
  for (let round = 0; round < (opts.rounds ?? 5); round++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-bench-queue-'));
    const db = openAppDb(dir);
    const queue = new BatchQueue({ db, runJob: held, concurrency: 1 });
    const specs = Array.from({ length: n }, (_, i) => ({ spec: { topic: `Topic ${i + 1}` }, source: `thousand.txt:line ${i + 1}` }));
    const added = timed(() => queue.createBatch(specs, { outDir: dir, concurrency: 1, label: 'thousand.txt' }));
    m.add.push(added.ms);
    const snap = timed(() => JSON.stringify({ batches: queue.batches(), jobs: queue.jobs().map((j) => toJobView(j, () => null)) }));
    m.snapshot.push(snap.ms);
    m.bytes.push(snap.value.length);
    m.cancel.push(timed(() => queue.cancelBatch(added.value.id)).ms);
    await settle();
    m.retry.push(timed(() => queue.retryFailed(added.value.id, { cancelled: true })).ms);
    queue.cancelBatch(added.value.id);
    await settle();
    m.clear.push(timed(() => queue.clearFinished()).ms);
    // The floor: the same rows, put back and cleared by one statement written by hand.
    db.prepare('UPDATE jobs SET cleared_at = NULL').run();
    m.floor.push(timed(() => db.prepare(`UPDATE jobs SET cleared_at = ? WHERE status IN ('done', 'failed', 'cancelled') AND cleared_at IS NULL AND deleted_at IS NULL`).run(Date.now())).ms);
    await queue.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const clear = median(m.clear);
  const floor = median(m.floor);
  return [
    { group, name: 'add one batch (one drop)', value: median(m.add), unit: 'ms' },
    { group, name: 'queue.list snapshot (what a page load gets)', value: median(m.snapshot), unit: 'ms' },
    { group, name: 'queue.list snapshot size', value: Math.round(median(m.bytes) / 1024), unit: 'KiB' },
    { group, name: 'cancel the batch', value: median(m.cancel), unit: 'ms' },
    { group, name: 'retry every cancelled job', value: median(m.retry), unit: 'ms' },
    { group, name: 'clear finished', value: clear, unit: 'ms' },
    { group, name: 'clear finished / one hand-written UPDATE (floor)', value: floor > 0 ? clear / floor : 0, unit: '×' },
  ];
}
