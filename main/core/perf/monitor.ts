/**
 * Times every stage and operation: count, p50, p95, max; what is running now; videos per
 * minute over time; pool utilisation. Feeds the Performance panel, the batch summary and bench.
 */
import type { PerfSnapshot, StageTiming } from '../contract.js';
import { percentile } from './percentiles.js';

const RESERVOIR = 1000;
const THROUGHPUT_WINDOW_MS = 60_000;
const SAMPLE_EVERY_MS = 5_000;
const MAX_SAMPLES = 240;

export class PerformanceMonitor {
  private readonly timings = new Map<string, { values: number[]; count: number; max: number }>();
  private readonly active = new Map<string, { name: string; startedAt: number; detail?: string }>();
  private readonly finishedAt: number[] = [];
  private readonly samples: { at: number; videosPerMinute: number }[] = [];
  private pool = { size: 0, busy: 0 };
  private busyArea = 0;
  private sizeArea = 0;
  private lastPoolAt: number;
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.lastPoolAt = now();
  }

  /** Marks an operation active; the returned function ends it and gives its duration in ms. */
  start(name: string, detail?: string): () => number {
    const id = `${name}#${++this.seq}`;
    const startedAt = this.now();
    this.active.set(id, { name, startedAt, ...(detail !== undefined ? { detail } : {}) });
    let ended = false;
    return () => {
      const ms = this.now() - startedAt;
      if (!ended) {
        ended = true;
        this.active.delete(id);
      }
      return ms;
    };
  }

  record(name: string, ms: number): void {
    let t = this.timings.get(name);
    if (!t) {
      t = { values: [], count: 0, max: 0 };
      this.timings.set(name, t);
    }
    t.count++;
    t.max = Math.max(t.max, ms);
    t.values.push(ms);
    // A bounded reservoir: recent behaviour matters, and memory stays flat in long batches.
    if (t.values.length > RESERVOIR) t.values.shift();
  }

  videoFinished(): void {
    const now = this.now();
    this.finishedAt.push(now);
    this.sampleThroughput(now, true);
  }

  private videosPerMinute(now: number): number {
    while (this.finishedAt.length && (this.finishedAt[0] as number) < now - THROUGHPUT_WINDOW_MS * 10) this.finishedAt.shift();
    const recent = this.finishedAt.filter((t) => t >= now - THROUGHPUT_WINDOW_MS).length;
    return recent * (60_000 / THROUGHPUT_WINDOW_MS);
  }

  private sampleThroughput(now: number, force = false): void {
    const last = this.samples.at(-1);
    if (!force && last && now - last.at < SAMPLE_EVERY_MS) return;
    this.samples.push({ at: now, videosPerMinute: this.videosPerMinute(now) });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
  }

  setPool(p: { size: number; busy: number }): void {
    const now = this.now();
    const dt = now - this.lastPoolAt;
    this.busyArea += this.pool.busy * dt;
    this.sizeArea += this.pool.size * dt;
    this.lastPoolAt = now;
    this.pool = p;
  }

  /** Time-weighted busy workers / workers since the monitor started. */
  utilisation(): number {
    const now = this.now();
    const dt = now - this.lastPoolAt;
    const busy = this.busyArea + this.pool.busy * dt;
    const size = this.sizeArea + this.pool.size * dt;
    return size > 0 ? busy / size : 0;
  }

  stageTimings(): StageTiming[] {
    return [...this.timings.entries()].map(([name, t]) => ({
      name, count: t.count, p50Ms: percentile(t.values, 50), p95Ms: percentile(t.values, 95), maxMs: t.max,
    })).sort((a, b) => a.name.localeCompare(b.name));
  }

  snapshot(): PerfSnapshot {
    const now = this.now();
    this.sampleThroughput(now);
    return {
      at: now,
      active: [...this.active.entries()].map(([id, a]) => ({ id, name: a.name, startedAt: a.startedAt, ...(a.detail !== undefined ? { detail: a.detail } : {}) })),
      stages: this.stageTimings(),
      throughput: [...this.samples],
      pool: { size: this.pool.size, busy: this.pool.busy, utilisation: this.utilisation() },
    };
  }

  /** The table the CLI prints after a batch. */
  summaryTable(): string {
    const rows = this.stageTimings();
    if (rows.length === 0) return 'no timings recorded\n';
    const lines = [`${'stage'.padEnd(12)} ${'count'.padStart(6)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`];
    const f = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`).padStart(9);
    for (const r of rows) lines.push(`${r.name.padEnd(12)} ${String(r.count).padStart(6)} ${f(r.p50Ms)} ${f(r.p95Ms)} ${f(r.maxMs)}`);
    lines.push(`pool utilisation ${(this.utilisation() * 100).toFixed(0)} %`);
    return `${lines.join('\n')}\n`;
  }
}
