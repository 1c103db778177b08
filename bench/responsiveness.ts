/**
 * Issue 10's benchmark: does the browser host stay responsive while a big batch is cancelled?
 * The real web host, Studio, queue and reelforge.db; one page (socket A) adds a list of N topics
 * (uploaded, then queue.addFiles, as a drop does), pauses the batch, then cancels it, while a
 * second page (socket B) keeps asking app.info one request after another. Reported: how long B
 * waited for each answer during the cancel (p50, p95, max), against the floor: the same request
 * on the same host while idle. Jobs never render here (a job holds until it is stopped): what is
 * measured is the queue and the host, not ffmpeg.
 *
 * Standalone: npx tsx bench/responsiveness.ts [jobs]   (also `npm run bench -- hostile`)
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { JobOutput } from '../main/core/batch/types.js';
import { Engine } from '../main/core/engine.js';
import { Studio } from '../main/core/studio/studio.js';
import { tempDir } from '../main/testing/media-fixtures.js';
import { dataFileUrl, startWebHost } from '../main/web/server.js';
import { formatTable, type BenchRow } from './table.js';

/** Another request should be answered within this while the cancel runs (issue 10). */
const TARGET_MS = 200;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * (sorted.length - 1)))] ?? Number.NaN;
}

/** A page's socket: request → answer, as the renderer's client does it. */
async function connect(url: string): Promise<{ ask(channel: string, input: unknown): Promise<unknown>; close(): void }> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
    if (msg.id === undefined) return; // an event
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.ok) w?.resolve(msg.result);
    else w?.reject(new Error(msg.error?.message ?? 'request failed'));
  });
  return {
    ask: (channel, input) => new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, channel, input }));
    }),
    close: () => ws.close(),
  };
}

/** Round trips of app.info on `page`, one after another, until `until` settles (then `tailMs` more). */
async function probe(page: { ask(channel: string, input: unknown): Promise<unknown> }, until: Promise<unknown> | null, count: number, tailMs = 0): Promise<number[]> {
  const waits: number[] = [];
  let settledAt: number | null = null;
  void until?.then(() => (settledAt = performance.now()), () => (settledAt = performance.now()));
  for (;;) {
    const t0 = performance.now();
    await page.ask('app.info', {});
    waits.push(performance.now() - t0);
    if (until === null ? waits.length >= count : settledAt !== null && performance.now() - settledAt >= tailMs) return waits;
  }
}

export async function benchResponsiveness(opts: { jobs: number }): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-hostile-');
  const dataDir = path.join(dir, 'data');
  const engine = await Engine.open({ dataDir, workers: 1, provider: 'offline' });
  // A job holds until it is paused or cancelled: nothing renders, the queue does all the work.
  const holdUntilStopped = (_spec: unknown, ctx: { signal: AbortSignal }): Promise<JobOutput> =>
    new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error), { once: true }));
  const token = 'bench-token-0123456789abcdef0123456789abcdef';
  const studio = new Studio({ engine, dataDir, host: 'web', fileUrl: (abs) => dataFileUrl(dataDir, abs, token), secrets: { get: () => null, set: () => {} }, runJob: holdUntilStopped });
  const host = await startWebHost({ dataDir, port: 0, handlers: studio, rendererDir: path.join(dir, 'no-renderer'), token });
  const wsUrl = `ws://127.0.0.1:${host.port}/ws?token=${token}`;
  const driver = await connect(wsUrl);
  const other = await connect(wsUrl);
  const g = `host while ${opts.jobs.toLocaleString('en')} jobs are cancelled`;
  try {
    const floor = await probe(other, null, 300);

    const list = Array.from({ length: opts.jobs }, (_, i) => `Topic number ${i + 1}`).join('\n');
    const uploaded = await fetch(`http://127.0.0.1:${host.port}/upload?name=topics.txt&token=${token}`, { method: 'POST', body: list });
    const { path: listPath } = (await uploaded.json()) as { path: string };
    const added = (await driver.ask('queue.addFiles', { paths: [listPath] })) as { batchId: string; jobsAdded: number };
    if (added.jobsAdded !== opts.jobs) throw new Error(`added ${added.jobsAdded} jobs, expected ${opts.jobs}`);
    await driver.ask('batch.pause', { batchId: added.batchId });

    const t0 = performance.now();
    const cancel = driver.ask('batch.cancel', { batchId: added.batchId }).then(() => performance.now() - t0);
    const during = await probe(other, cancel, 0, 100);
    const cancelMs = await cancel;

    const rows: BenchRow[] = [
      { group: g, name: 'app.info while idle (floor): p50', value: percentile(floor, 50), unit: 'ms' },
      { group: g, name: 'app.info while idle (floor): p95', value: percentile(floor, 95), unit: 'ms' },
      { group: g, name: 'app.info while idle (floor): max', value: Math.max(...floor), unit: 'ms' },
      { group: g, name: 'batch.cancel answered after', value: cancelMs, unit: 'ms' },
      { group: g, name: `app.info during the cancel (${during.length} asked): p50`, value: percentile(during, 50), unit: 'ms' },
      { group: g, name: 'app.info during the cancel: p95', value: percentile(during, 95), unit: 'ms' },
      { group: g, name: 'app.info during the cancel: max', value: Math.max(...during), unit: 'ms', target: `≤ ${TARGET_MS}`, ok: Math.max(...during) <= TARGET_MS },
      { group: g, name: 'during / floor, p95', value: percentile(during, 95) / percentile(floor, 95), unit: '×' },
    ];
    return rows;
  } finally {
    driver.close();
    other.close();
    await host.close();
    await studio.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}` || fileURLToPath(import.meta.url) === path.resolve(process.argv[1] ?? '')) {
  const jobs = Number(process.argv[2] ?? 5000);
  process.stdout.write(`${formatTable(await benchResponsiveness({ jobs }))}\n`);
}
