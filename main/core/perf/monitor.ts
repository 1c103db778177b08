/**
 * Times every stage and operation (count, p50, p95, max), lists what is running now, samples
 * videos finished per minute over time, and gauges pool utilisation. Feeds the Performance
 * panel (as a PerfSnapshot), the CLI's batch summary and the benchmarks. The clock is injected
 * so every number here is testable without waiting.
 */
import type { PerfSnapshot, StageTiming } from '../contract.js';
import { percentile } from './percentiles.js';
import { Reservoir } from './reservoir.js';

export interface MonitorOptions {
  /** Most recent timings kept per name for percentiles. Default 1000. */
  reservoirSize?: number;
  /** Videos per minute are counted over this trailing window. Default 60 s. */
  throughputWindowMs?: number;
  /** Throughput samples are at least this far apart (a finished video always samples). Default 5 s. */
  sampleEveryMs?: number;
  /** Throughput samples kept for the chart. Default 240 (20 minutes at 5 s). */
  maxSamples?: number;
  /** Pool utilisation in snapshots is time-weighted over this trailing window. Default 60 s. */
  utilisationWindowMs?: number;
}

interface PoolState {
  at: number;
  size: number;
  busy: number;
}

interface StageStats {
  recent: Reservoir;
  count: number;
  maxMs: number;
}

/** What a render needs of the monitor: time its stages. */
export interface PerfRecorder {
  start(name: string, detail?: string): () => number;
  record(name: string, ms: number): void;
}

/** The same monitor, with `detail` (a video's title) on every operation started through it, so "Active operations" says which video a stage belongs to. */
export function withDetail(perf: PerfRecorder, detail: string): PerfRecorder {
  return { start: (name, d) => perf.start(name, d ?? detail), record: (name, ms) => perf.record(name, ms) };
}

export class PerformanceMonitor {
  private readonly cfg: Required<MonitorOptions>;
  private readonly startedAt: number;
  private readonly stages = new Map<string, StageStats>();
  private readonly active = new Map<string, { name: string; startedAt: number; detail?: string }>();
  private readonly finishedAt: number[] = [];
  private finishedTotal = 0;
  private readonly samples: { at: number; videosPerMinute: number }[] = [];
  /** Pool states in time order; the first one may start before the utilisation window. */
  private readonly poolLog: PoolState[] = [];
  /** Busy and size areas (worker·ms) of the states dropped from poolLog, for the since-start figure. */
  private busyAreaBefore = 0;
  private sizeAreaBefore = 0;
  private seq = 0;

  constructor(private readonly now: () => number = Date.now, opts: MonitorOptions = {}) {
    this.cfg = {
      reservoirSize: opts.reservoirSize ?? 1000,
      throughputWindowMs: opts.throughputWindowMs ?? 60_000,
      sampleEveryMs: opts.sampleEveryMs ?? 5_000,
      maxSamples: opts.maxSamples ?? 240,
      utilisationWindowMs: opts.utilisationWindowMs ?? 60_000,
    };
    this.startedAt = now();
  }

  /** Mark an operation active. The returned function ends it (once; later calls change nothing) and gives its duration in ms. */
  start(name: string, detail?: string): () => number {
    const id = `${name}#${++this.seq}`;
    const startedAt = this.now();
    this.active.set(id, { name, startedAt, ...(detail !== undefined ? { detail } : {}) });
    let ms: number | undefined;
    return () => {
      if (ms === undefined) {
        ms = this.now() - startedAt;
        this.active.delete(id);
      }
      return ms;
    };
  }

  /** Add one timing of `name` (a stage, an AI call, a render). */
  record(name: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    let s = this.stages.get(name);
    if (!s) {
      s = { recent: new Reservoir(this.cfg.reservoirSize), count: 0, maxMs: 0 };
      this.stages.set(name, s);
    }
    s.count++;
    s.maxMs = Math.max(s.maxMs, ms);
    s.recent.push(ms);
  }

  /** A video is done: counts toward throughput and takes a throughput sample. */
  videoFinished(): void {
    const now = this.now();
    this.finishedAt.push(now);
    this.finishedTotal++;
    this.sample(now, true);
  }

  /** The pool's size and busy workers changed (WorkerPool.onStatsChange). */
  setPool(p: { size: number; busy: number }): void {
    const now = this.now();
    this.poolLog.push({ at: now, size: p.size, busy: p.busy });
    this.prunePoolLog(now);
  }

  /** Busy workers ÷ workers, time-weighted over the trailing window (default: utilisationWindowMs). */
  utilisation(windowMs = this.cfg.utilisationWindowMs): number {
    const now = this.now();
    const { busy, size } = this.areas(now - windowMs, now);
    return size > 0 ? busy / size : 0;
  }

  /** Utilisation since the monitor started: the figure for a whole batch. */
  utilisationSinceStart(): number {
    const now = this.now();
    const { busy, size } = this.areas(Number.NEGATIVE_INFINITY, now);
    const total = size + this.sizeAreaBefore;
    return total > 0 ? (busy + this.busyAreaBefore) / total : 0;
  }

  /** Finished videos per minute over the trailing throughput window (shorter while the monitor is younger). */
  videosPerMinute(): number {
    return this.rate(this.now());
  }

  stageTimings(): StageTiming[] {
    return [...this.stages.entries()]
      .map(([name, s]) => {
        const values = s.recent.values();
        return { name, count: s.count, p50Ms: percentile(values, 50), p95Ms: percentile(values, 95), maxMs: s.maxMs };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  snapshot(): PerfSnapshot {
    const now = this.now();
    this.sample(now, false);
    const last = this.poolLog.at(-1);
    return {
      at: now,
      active: [...this.active.entries()]
        .map(([id, a]) => ({ id, name: a.name, startedAt: a.startedAt, ...(a.detail !== undefined ? { detail: a.detail } : {}) }))
        .sort((a, b) => a.startedAt - b.startedAt),
      stages: this.stageTimings(),
      throughput: [...this.samples],
      pool: { size: last?.size ?? 0, busy: last?.busy ?? 0, utilisation: this.utilisation() },
    };
  }

  /** The table the CLI prints after a batch. */
  summaryTable(): string {
    const rows = this.stageTimings();
    const width = Math.max(5, ...rows.map((r) => r.name.length));
    const dur = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`).padStart(9);
    const lines = [`${'stage'.padEnd(width)} ${'count'.padStart(6)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`];
    for (const r of rows) lines.push(`${r.name.padEnd(width)} ${String(r.count).padStart(6)} ${dur(r.p50Ms)} ${dur(r.p95Ms)} ${dur(r.maxMs)}`);
    if (rows.length === 0) lines.push('(no timings recorded)');
    lines.push(`videos finished ${this.finishedTotal}, ${this.videosPerMinute().toFixed(2)} per minute`);
    lines.push(`pool utilisation ${(this.utilisationSinceStart() * 100).toFixed(0)} %`);
    return `${lines.join('\n')}\n`;
  }

  // ---- internals -----------------------------------------------------------------------

  private rate(now: number): number {
    const from = now - this.cfg.throughputWindowMs;
    while (this.finishedAt.length > 0 && (this.finishedAt[0] as number) <= from) this.finishedAt.shift();
    // A young monitor would under-report against the full window: 1 video in its first 20 s is 3/min, not 1.
    const spanMs = Math.min(this.cfg.throughputWindowMs, now - this.startedAt);
    return spanMs > 0 ? (this.finishedAt.length * 60_000) / spanMs : 0;
  }

  private sample(now: number, force: boolean): void {
    const last = this.samples.at(-1);
    if (!force && last && now - last.at < this.cfg.sampleEveryMs) return;
    this.samples.push({ at: now, videosPerMinute: this.rate(now) });
    if (this.samples.length > this.cfg.maxSamples) this.samples.shift();
  }

  /** Busy and size areas (worker·ms) of the logged pool states between `from` and `to`. */
  private areas(from: number, to: number): { busy: number; size: number } {
    let busy = 0;
    let size = 0;
    for (let i = 0; i < this.poolLog.length; i++) {
      const state = this.poolLog[i] as PoolState;
      const start = Math.max(state.at, from);
      const end = Math.min(this.poolLog[i + 1]?.at ?? to, to);
      if (end <= start) continue;
      busy += state.busy * (end - start);
      size += state.size * (end - start);
    }
    return { busy, size };
  }

  /** Drop states that ended before the window, folding them into the since-start totals. */
  private prunePoolLog(now: number): void {
    const from = now - this.cfg.utilisationWindowMs;
    while (this.poolLog.length > 1 && (this.poolLog[1] as PoolState).at <= from) {
      const [gone, next] = this.poolLog as [PoolState, PoolState];
      this.busyAreaBefore += gone.busy * (next.at - gone.at);
      this.sizeAreaBefore += gone.size * (next.at - gone.at);
      this.poolLog.shift();
    }
  }
}
