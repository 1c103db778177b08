/**
 * Issue 16's benchmark, `npm run bench -- farm`, on this one machine (real redis-server, real
 * `reelforge worker` processes, production lease timings):
 *
 * 1. Dispatch overhead. A CPU-light stand-in job (ffmpeg `-re` drawing a tiny frame into the null
 *    muxer for D seconds) on 1 → 16 workers, `rounds` jobs per worker: throughput against the
 *    ideal N/D (the floor: no overhead at all), the dispatch latency of an idle farm (BullMQ's
 *    added → started, p95), the hand-off gap between one job's end and a worker's next start
 *    (p95), and the controller's CPU per job.
 * 2. CPU-seconds per video with real encodes as workers are added (1, 2, 4), every process of the
 *    farm counted (controller, Redis, each worker with its pool and ffmpeg), against the same
 *    videos rendered locally by `batch` (the floor).
 * 3. What a 30 s 1080×1920 render moves between worker and controller (a 1080p clip in, every
 *    stage's result out) and the time that takes, as a share of that render; plus what the same
 *    bytes would take at 1 Gbit/s. Then a video with shots from the controller's footage library:
 *    the controller's part (voice and plan) against the worker's render, and what moves.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { openCliSession, type CliSession } from '../main/cli/batch-command.js';
import { CacheStore } from '../main/core/cache/store.js';
import { startBlobServer } from '../main/core/farm/blob-server.js';
import { prepareFarmRender } from '../main/core/farm/controller-stages.js';
import { FarmDispatcher } from '../main/core/farm/dispatcher.js';
import { DEFAULT_TIMINGS } from '../main/core/farm/farm-options.js';
import { SourceRegistry } from '../main/core/farm/source-registry.js';
import { percentile } from '../main/core/perf/percentiles.js';
import { startWorkerProcess, type WorkerProcess } from '../main/testing/farm-workers.js';
import { makeClip, tempDir } from '../main/testing/media-fixtures.js';
import { RedisHarness } from '../main/testing/redis-server.js';
import { selfCpuSec, treeCpuSec } from './proc-cpu.js';
import type { BenchRow } from './table.js';

export interface FarmBenchOptions {
  /** Worker counts for the dispatch measure. */
  workers: number[];
  /** Length of each stand-in job, seconds. */
  pacedSec: number;
  /** Stand-in jobs per worker. */
  rounds: number;
  /** Worker counts for the real-encode measure, and how many videos each renders. */
  encodeWorkers: number[];
  videos: number;
  /** The transfer measure's video: 30 s at 1080×1920 from a 1080p clip for the report; smaller for a quick check. */
  transfer: { seconds: number; size?: { width: number; height: number }; clip: { width: number; height: number } };
}

const TOKEN = 'bench-farm-token-0123456789abcdef';
const quiet = (): { stdout: PassThrough; stderr: PassThrough; isTTY: boolean } => {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), isTTY: false };
  io.stdout.resume();
  io.stderr.resume();
  return io;
};

async function startWorkers(n: number, o: { redis: string; controller: string; dir: string }): Promise<WorkerProcess[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => startWorkerProcess({ redisUrl: o.redis, controllerUrl: o.controller, token: TOKEN, dataDir: path.join(o.dir, `w${i}`), name: `bench-${i}` })));
}

async function stopWorkers(ws: WorkerProcess[]): Promise<void> {
  for (const w of ws) w.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exited));
}

// ── 1. dispatch overhead ───────────────────────────────────────────────────

async function benchDispatch(o: FarmBenchOptions, dir: string): Promise<BenchRow[]> {
  const g = 'farm dispatch';
  const rows: BenchRow[] = [];
  const redis = await RedisHarness.start();
  const cache = CacheStore.open(path.join(dir, 'dispatch-controller'));
  const server = await startBlobServer({ cache, sources: new SourceRegistry(cache), token: TOKEN, host: '127.0.0.1', port: 0 });
  const dispatcher = await FarmDispatcher.open({ redisUrl: redis.url, timings: DEFAULT_TIMINGS });
  const workers: WorkerProcess[] = [];
  let seq = 0;
  const job = (seconds: number) => ({ v: 1 as const, kind: 'paced' as const, title: 'stand-in', seconds });
  try {
    for (const n of o.workers) {
      workers.push(...await startWorkers(n - workers.length, { redis: redis.url, controller: server.url, dir: path.join(dir, 'dispatch-workers', String(workers.length)) }));
      // Warm-up: every worker starts its pool's media process once.
      await Promise.all(Array.from({ length: n }, () => dispatcher.run(job(0.3), { jobId: `warm-${++seq}` })));

      // An idle farm: one job at a time, BullMQ's own clock from added to started.
      const latencies: number[] = [];
      for (let i = 0; i < 10; i++) {
        const id = `lat-${++seq}`;
        await dispatcher.run(job(0.2), { jobId: id });
        const r = await dispatcher.jobRecord(id);
        if (r?.processedOn) latencies.push(r.processedOn - r.addedAt);
      }

      // A full farm: rounds × N jobs of D seconds, all queued at once.
      const ids = Array.from({ length: o.rounds * n }, () => `tp-${++seq}`);
      const cpu0 = selfCpuSec();
      const t0 = Date.now();
      const results = await Promise.all(ids.map((id) => dispatcher.run(job(o.pacedSec), { jobId: id })));
      const wallMs = Date.now() - t0;
      const controllerCpuMs = (selfCpuSec() - cpu0) * 1000;
      const records = await Promise.all(ids.map((id) => dispatcher.jobRecord(id)));
      const byWorker = new Map<string, { start: number; end: number }[]>();
      records.forEach((r, i) => {
        const w = results[i]?.worker.id ?? '';
        if (!r?.processedOn || !r.finishedOn) return;
        byWorker.set(w, [...(byWorker.get(w) ?? []), { start: r.processedOn, end: r.finishedOn }]);
      });
      const gaps: number[] = [];
      for (const list of byWorker.values()) {
        list.sort((a, b) => a.start - b.start);
        for (let i = 1; i < list.length; i++) gaps.push(Math.max(0, (list[i]?.start ?? 0) - (list[i - 1]?.end ?? 0)));
      }
      const ideal = (o.rounds * o.pacedSec * 1000) / wallMs;
      // The stand-in itself runs a little over D (ffmpeg's start, -re pacing): measured, so the
      // farm's own overhead can be told apart from the stand-in's.
      const jobMs = records.reduce((a, r) => a + ((r?.finishedOn ?? 0) - (r?.processedOn ?? 0)), 0) / Math.max(1, records.length);
      const machinery = (o.rounds * jobMs) / wallMs;
      const p95 = percentile(latencies, 95);
      rows.push(
        { group: g, name: `${n} worker(s): throughput / ideal N/D (${o.rounds}×${o.pacedSec} s each)`, value: ideal * 100, unit: '%', target: '≥ 90 %', ok: ideal >= 0.9 },
        { group: g, name: `${n} worker(s): stand-in job on its worker, mean`, value: jobMs / 1000, unit: 's' },
        { group: g, name: `${n} worker(s): throughput / N per measured job time`, value: machinery * 100, unit: '%' },
        { group: g, name: `${n} worker(s): dispatch latency p95, idle farm`, value: p95, unit: 'ms', target: '< 100 ms', ok: p95 < 100 },
        { group: g, name: `${n} worker(s): hand-off gap p95, busy farm`, value: percentile(gaps, 95), unit: 'ms' },
        { group: g, name: `${n} worker(s): controller CPU per job`, value: controllerCpuMs / ids.length, unit: 'ms' },
        { group: g, name: `${n} worker(s): workers used`, value: byWorker.size, unit: 'workers' },
      );
    }
  } finally {
    await stopWorkers(workers);
    await dispatcher.close();
    await server.close();
    cache.close();
    await redis.dispose();
  }
  return rows;
}

// ── 2. CPU-seconds per video ───────────────────────────────────────────────

function script(n: number): string {
  const lines = ['Bees dance to share their maps.', 'Rivers carve stone over long ages.', 'Owls turn their heads very far.', 'Salt keeps the ocean heavy.'];
  return `Farm video ${n}. ${lines[n % lines.length]} ${lines[(n + 1) % lines.length]}`;
}

async function benchEncodes(o: FarmBenchOptions, dir: string): Promise<BenchRow[]> {
  const g = 'farm CPU per video';
  const rows: BenchRow[] = [];
  const defaults = { size: { width: 540, height: 960 }, quality: 'final' as const };
  const jobsFrom = (first: number, count: number) => Array.from({ length: count }, (_, i) => ({ source: `v${first + i}`, spec: { script: script(first + i) } }));
  const jobs = jobsFrom(0, o.videos);
  const render = async (session: CliSession, out: string, list = jobs): Promise<void> => {
    const { queue } = session.runtime;
    const b = queue.createBatch(list, { outDir: path.join(dir, out), renderOptions: defaults });
    const view = await queue.whenSettled(b.id);
    if (view.counts.done !== list.length) throw new Error(`${out}: ${view.counts.failed} video(s) failed`);
  };
  // Steady state, as a farm that renders all day: every process has started its pool, probed its
  // tools and taken its first job (other videos) before the measured ones. The first-job cost of
  // a machine is a one-off, not a cost per video.
  const warmUp = (session: CliSession, out: string, processes: number): Promise<void> => render(session, out, jobsFrom(1000, Math.max(2, processes * 2)));

  // The floor: the same videos rendered locally by the batch queue and its pool.
  const local = await openCliSession(quiet(), { dataDir: path.join(dir, 'enc-local'), workers: 2 });
  let localPerVideo: number | null = null;
  try {
    await warmUp(local, 'enc-local-warm', 1);
    const pool0 = local.engine.pool.pids();
    const before = selfCpuSec() + pool0.reduce((a, p) => a + (treeCpuSec(p) ?? 0), 0);
    await render(local, 'enc-local-out');
    const pools = new Set([...pool0, ...local.engine.pool.pids()]);
    const after = selfCpuSec() + [...pools].reduce((a, p) => a + (treeCpuSec(p) ?? 0), 0);
    localPerVideo = (after - before) / o.videos;
    rows.push({ group: g, name: 'local batch (the floor), 2 pool workers, warm', value: localPerVideo, unit: 'CPU-s/video' });
  } finally {
    await local.close();
  }

  const redis = await RedisHarness.start();
  try {
    for (const n of o.encodeWorkers) {
      const session = await openCliSession(quiet(), {
        dataDir: path.join(dir, `enc-${n}`),
        farm: { redisUrl: redis.url, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN },
      });
      const workers = await startWorkers(n, { redis: redis.url, controller: session.farm?.controllerUrl ?? '', dir: path.join(dir, `enc-${n}-workers`) });
      try {
        const cpu = (): number => selfCpuSec() + (redis.pid ? treeCpuSec(redis.pid) ?? 0 : 0) + workers.reduce((a, w) => a + (treeCpuSec(w.pid) ?? 0), 0);
        await warmUp(session, `enc-${n}-warm`, n);
        const before = cpu();
        await render(session, `enc-${n}-out`);
        const perVideo = (cpu() - before) / o.videos;
        rows.push({ group: g, name: `farm, ${n} worker(s) (controller + Redis + workers), warm`, value: perVideo, unit: 'CPU-s/video', ...(localPerVideo ? { target: `flat; ≤ 1.10× the floor`, ok: perVideo <= localPerVideo * 1.1 } : {}) });
      } finally {
        await stopWorkers(workers);
        await session.close();
        const r = new Redis(redis.port, '127.0.0.1');
        await r.flushall();
        r.disconnect();
      }
    }
  } finally {
    await redis.dispose();
  }
  return rows;
}

// ── 3. transfer as a share of a 30 s render ────────────────────────────────

async function benchTransfer(dir: string, t: FarmBenchOptions['transfer']): Promise<BenchRow[]> {
  const g = `farm transfer, ${t.seconds} s ${t.size ? `${t.size.width}×${t.size.height}` : '1080×1920'}`;
  const clip = await makeClip(path.join(dir, 'clip.mp4'), { ...t.clip, seconds: t.seconds + 10 });
  const redis = await RedisHarness.start();
  const session = await openCliSession(quiet(), { dataDir: path.join(dir, 'xfer'), ...(t.size ? { requestDefaults: { size: t.size } } : {}), farm: { redisUrl: redis.url, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN } });
  const workers = await startWorkers(1, { redis: redis.url, controller: session.farm?.controllerUrl ?? '', dir: path.join(dir, 'xfer-workers') });
  try {
    const farm = session.farm;
    if (!farm) throw new Error('no farm');
    const req = await session.engine.resolve({ topic: 'Why the deep sea glows', duration: t.seconds, background: clip }, t.size ? { size: t.size } : {});
    const prepared = await prepareFarmRender(req, session.engine.renderDeps, farm.sources, { signal: new AbortController().signal });
    const res = await farm.dispatcher.run({ v: 1, kind: 'render', title: 'transfer', render: prepared.payload }, { jobId: 'transfer-1' });
    prepared.release();
    const rec = await farm.dispatcher.jobRecord('transfer-1');
    if (res.kind !== 'render' || !rec?.processedOn || !rec.finishedOn) throw new Error('the transfer render did not finish');
    const moved = res.render.transfer;
    const renderMs = rec.finishedOn - rec.processedOn;
    const bytes = moved.downloadedBytes + moved.uploadedBytes;
    const gigabitMs = (bytes * 8) / 1e9 * 1000;
    return [
      { group: g, name: 'render on the worker (wall)', value: renderMs / 1000, unit: 's' },
      { group: g, name: `moved: ${(moved.downloadedBytes / 2 ** 20).toFixed(1)} MB in, ${(moved.uploadedBytes / 2 ** 20).toFixed(1)} MB out, ${moved.requests} requests`, value: bytes / 2 ** 20, unit: 'MB' },
      { group: g, name: 'transfer time (loopback) / render', value: (moved.ms / renderMs) * 100, unit: '%', target: '< 5 %', ok: moved.ms / renderMs < 0.05 },
      { group: g, name: 'the same bytes at 1 Gbit/s / render', value: (gigabitMs / renderMs) * 100, unit: '%', target: '< 5 %', ok: gigabitMs / renderMs < 0.05 },
      ...await benchShotsOnFarm(session, workers[0] as WorkerProcess, dir, t),
    ];
  } finally {
    await stopWorkers(workers);
    await session.close();
    await redis.dispose();
  }
}

/** Sentences about three things, one clip each in the footage library: every shot is a library clip. */
const SHOTS_LINES = [
  'The ocean covers most of the planet.', 'A jellyfish drifts without a brain.', 'A lantern fish makes its own light.',
  'The deep ocean stays cold and dark.', 'Each jellyfish pulses to move.', 'The lantern glow hides it from below.',
];

/**
 * A video with shots from the controller's footage library: what the controller's part costs
 * (voicing the script and planning the shots, CPU of the controller and its pool) against the
 * worker's render of the same video, and what moves (the library clips go to the worker once).
 */
async function benchShotsOnFarm(session: CliSession, worker: WorkerProcess, dir: string, t: FarmBenchOptions['transfer']): Promise<BenchRow[]> {
  const g = `farm shots, ${t.seconds} s ${t.size ? `${t.size.width}×${t.size.height}` : '1080×1920'}, 3 library clips`;
  const farm = session.farm;
  if (!farm) throw new Error('no farm');
  const footage = path.join(dir, 'footage');
  await mkdir(footage, { recursive: true });
  for (const [name, look] of [['ocean', '0x1040a0'], ['jellyfish', '0xa040a0'], ['lantern', '0xc0a020']] as const) {
    await makeClip(path.join(footage, `${name}.mp4`), { ...t.clip, seconds: 12, look });
  }
  await session.engine.footage.add([footage]);
  const lines = Array.from({ length: Math.max(2, Math.round(t.seconds / 3.5)) }, (_, i) => SHOTS_LINES[i % SHOTS_LINES.length]);
  const req = await session.engine.resolve({ script: lines.join(' ') }, t.size ? { size: t.size } : {});
  const controllerCpu = (): number => selfCpuSec() + session.engine.pool.pids().reduce((a, p) => a + (treeCpuSec(p) ?? 0), 0);
  const c0 = controllerCpu();
  const prepared = await prepareFarmRender(req, session.engine.renderDeps, farm.sources, { signal: new AbortController().signal });
  const prepareCpu = controllerCpu() - c0;
  const w0 = treeCpuSec(worker.pid) ?? 0;
  const res = await farm.dispatcher.run({ v: 1, kind: 'render', title: 'shots', render: prepared.payload }, { jobId: 'shots-1' });
  const renderCpu = (treeCpuSec(worker.pid) ?? 0) - w0;
  prepared.release();
  const rec = await farm.dispatcher.jobRecord('shots-1');
  if (res.kind !== 'render' || !rec?.processedOn || !rec.finishedOn) throw new Error('the shots render did not finish');
  const library = prepared.payload.shots?.shots.filter((s) => s.source === 'library').length ?? 0;
  const moved = res.render.transfer;
  const renderMs = rec.finishedOn - rec.processedOn;
  return [
    { group: g, name: `controller: voice + plan (${library} of ${prepared.payload.shots?.shots.length ?? 0} shots from the library)`, value: prepareCpu, unit: 'CPU-s' },
    { group: g, name: 'worker: the render', value: renderCpu, unit: 'CPU-s' },
    { group: g, name: 'controller part / worker render (CPU)', value: (prepareCpu / Math.max(1e-9, renderCpu)) * 100, unit: '%', target: '< 10 %', ok: prepareCpu / renderCpu < 0.1 },
    { group: g, name: `moved: ${(moved.downloadedBytes / 2 ** 20).toFixed(1)} MB in, ${(moved.uploadedBytes / 2 ** 20).toFixed(1)} MB out`, value: (moved.downloadedBytes + moved.uploadedBytes) / 2 ** 20, unit: 'MB' },
    { group: g, name: 'transfer time (loopback) / render', value: (moved.ms / renderMs) * 100, unit: '%', target: '< 5 %', ok: moved.ms / renderMs < 0.05 },
  ];
}

export async function benchFarm(o: FarmBenchOptions): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-farm-');
  const rows = [...await benchDispatch(o, dir), ...await benchEncodes(o, dir)];
  rows.push(...await benchTransfer(dir, o.transfer));
  await rm(dir, { recursive: true, force: true });
  return rows;
}
