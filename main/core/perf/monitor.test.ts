import { describe, expect, it } from 'vitest';
import { PerformanceMonitor } from './monitor.js';
import { percentile } from './percentiles.js';
import { Reservoir } from './reservoir.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

describe('PerformanceMonitor', () => {
  it('tracks active operations and times them with the injected clock', () => {
    const clock = fakeClock();
    const perf = new PerformanceMonitor(clock.now);
    const endA = perf.start('render', 'topic A');
    clock.advance(10);
    const endB = perf.start('stage:voice');
    expect(perf.snapshot().active).toEqual([
      { id: 'render#1', name: 'render', startedAt: 1_000_000, detail: 'topic A' },
      { id: 'stage:voice#2', name: 'stage:voice', startedAt: 1_000_010 },
    ]);
    clock.advance(250);
    expect(endA()).toBe(260);
    clock.advance(40);
    expect(endA()).toBe(260); // ending twice changes nothing
    expect(endB()).toBe(290);
    expect(perf.snapshot().active).toEqual([]);
  });

  it('reports count, p50, p95 and max per name; percentiles come from a bounded reservoir, count and max from everything', () => {
    const perf = new PerformanceMonitor(fakeClock().now, { reservoirSize: 100 });
    perf.record('compile', 99_999); // pushed out of the reservoir by the 100 below
    for (let i = 1; i <= 100; i++) perf.record('compile', i);
    perf.record('voice', 5);
    perf.record('voice', Number.NaN); // ignored
    expect(perf.stageTimings()).toEqual([
      { name: 'compile', count: 101, p50Ms: 50, p95Ms: 95, maxMs: 99_999 },
      { name: 'voice', count: 1, p50Ms: 5, p95Ms: 5, maxMs: 5 },
    ]);
  });

  it('samples videos per minute over a trailing window', () => {
    const clock = fakeClock();
    const perf = new PerformanceMonitor(clock.now, { throughputWindowMs: 60_000, sampleEveryMs: 5_000 });
    clock.advance(20_000);
    perf.videoFinished(); // 1 video in the monitor's first 20 s: 3 per minute
    expect(perf.videosPerMinute()).toBe(3);
    clock.advance(40_000);
    perf.videoFinished();
    perf.videoFinished();
    expect(perf.videosPerMinute()).toBe(3); // 3 in the last 60 s
    clock.advance(30_000);
    expect(perf.videosPerMinute()).toBe(2); // the first one left the window
    perf.snapshot(); // 30 s after the last sample: samples
    clock.advance(2_000);
    perf.snapshot(); // 2 s after the last sample: too soon for another
    clock.advance(3_000);
    const { throughput } = perf.snapshot();
    expect(throughput.map((s) => [s.at - 1_000_000, s.videosPerMinute])).toEqual([
      [20_000, 3], [60_000, 2], [60_000, 3], [90_000, 2], [95_000, 2],
    ]);
  });

  it('keeps a bounded number of throughput samples', () => {
    const clock = fakeClock();
    const perf = new PerformanceMonitor(clock.now, { maxSamples: 3 });
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      perf.videoFinished();
    }
    expect(perf.snapshot().throughput.map((s) => s.at - 1_000_000)).toEqual([3000, 4000, 5000]);
  });

  it('gauges pool utilisation time-weighted, over a trailing window and since start', () => {
    const clock = fakeClock();
    const perf = new PerformanceMonitor(clock.now, { utilisationWindowMs: 10_000 });
    perf.setPool({ size: 2, busy: 0 });
    clock.advance(10_000);
    perf.setPool({ size: 2, busy: 2 });
    clock.advance(5_000);
    perf.setPool({ size: 2, busy: 1 });
    clock.advance(5_000);
    // Last 10 s: 5 s fully busy, 5 s half busy → 75 %; since start: 15 of 40 worker-seconds.
    expect(perf.utilisation()).toBeCloseTo(0.75, 10);
    expect(perf.utilisationSinceStart()).toBeCloseTo(15 / 40, 10);
    expect(perf.snapshot().pool).toEqual({ size: 2, busy: 1, utilisation: 0.75 });
    // Many changes later the old states are folded away, and the since-start figure still counts them.
    for (let i = 0; i < 50; i++) {
      clock.advance(1_000);
      perf.setPool({ size: 2, busy: i % 2 === 0 ? 2 : 0 });
    }
    // 0-10 s idle, 10-15 s full, 15-21 s half, then 49 one-second states alternating full/idle (25 full).
    expect(perf.utilisationSinceStart()).toBeCloseTo((0 + 10 + 6 + 50) / (20 + 10 + 12 + 98), 10);
    expect(perf.utilisation()).toBeCloseTo(0.5, 10);
  });

  it('reports an idle, empty pool as 0 % utilised', () => {
    const perf = new PerformanceMonitor(fakeClock().now);
    expect(perf.snapshot().pool).toEqual({ size: 0, busy: 0, utilisation: 0 });
  });

  it('prints a summary table with a row per name, throughput and utilisation', () => {
    const clock = fakeClock();
    const perf = new PerformanceMonitor(clock.now);
    perf.setPool({ size: 1, busy: 1 });
    perf.record('stage:compile', 15_260);
    perf.record('voice', 7);
    clock.advance(30_000);
    perf.videoFinished();
    const lines = perf.summaryTable().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^stage\s+count\s+p50\s+p95\s+max$/);
    expect(lines[1]).toMatch(/^stage:compile\s+1\s+15\.26 s\s+15\.26 s\s+15\.26 s$/);
    expect(lines[2]).toMatch(/^voice\s+1\s+7 ms\s+7 ms\s+7 ms$/);
    expect(lines[3]).toBe('videos finished 1, 2.00 per minute');
    expect(lines[4]).toBe('pool utilisation 100 %');
  });
});

describe('Reservoir', () => {
  it('keeps the last values, oldest first', () => {
    const r = new Reservoir(3);
    for (const v of [1, 2, 3, 4, 5]) r.push(v);
    expect(r.values()).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
    expect(() => new Reservoir(0)).toThrow(RangeError);
  });
});

describe('percentile', () => {
  it('is nearest-rank and 0 for no values', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    expect(percentile([5, 1, 3], 0)).toBe(1);
  });
});
