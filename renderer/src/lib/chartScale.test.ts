import { describe, expect, it } from 'vitest';
import { areaPath, barWidth, gaugeArc, gaugePoint, linearScale, linePath, niceMax, seriesPoints, ticks, timeTicks } from './chartScale';

describe('linearScale', () => {
  it('maps a domain onto a range, inverted ranges included', () => {
    const s = linearScale([0, 10], [100, 0]);
    expect(s(0)).toBe(100);
    expect(s(5)).toBe(50);
    expect(s(10)).toBe(0);
  });
  it('a zero-width domain maps to the range start instead of NaN', () => {
    expect(linearScale([3, 3], [0, 50])(3)).toBe(0);
  });
});

describe('niceMax and ticks', () => {
  it('rounds up to a readable axis maximum', () => {
    expect(niceMax(0.87)).toBe(1);
    expect(niceMax(13)).toBe(15);
    expect(niceMax(420)).toBe(500);
    expect(niceMax(1000)).toBe(1000);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(Number.NaN)).toBe(1);
  });
  it('ticks are evenly spaced and include both ends', () => {
    expect(ticks(20, 4)).toEqual([0, 5, 10, 15, 20]);
  });
});

describe('barWidth', () => {
  it('scales and clamps', () => {
    expect(barWidth(50, 100, 200)).toBe(100);
    expect(barWidth(150, 100, 200)).toBe(200);
    expect(barWidth(-1, 100, 200)).toBe(0);
    expect(barWidth(5, 0, 200)).toBe(0);
    expect(barWidth(Number.NaN, 10, 200)).toBe(0);
  });
});

describe('series paths', () => {
  const samples = [
    { at: 1000, value: 0 },
    { at: 2000, value: 5 },
    { at: 3000, value: 10 },
  ];
  it('places samples by time and value (y grows downward)', () => {
    const pts = seriesPoints(samples, { width: 100, height: 50 }, 10);
    expect(pts).toEqual([
      { x: 0, y: 50 },
      { x: 50, y: 25 },
      { x: 100, y: 0 },
    ]);
  });
  it('a single sample sits at the right edge; values above yMax clamp to the top', () => {
    expect(seriesPoints([{ at: 5, value: 99 }], { width: 100, height: 50 }, 10)).toEqual([{ x: 100, y: 0 }]);
    expect(seriesPoints([], { width: 100, height: 50 }, 10)).toEqual([]);
  });
  it('builds line and closed area paths', () => {
    const pts = [
      { x: 0, y: 10 },
      { x: 10.04, y: 5 },
    ];
    expect(linePath(pts)).toBe('M0 10 L10 5');
    expect(areaPath(pts, 20)).toBe('M0 10 L10 5 L10 20 L0 20 Z');
    expect(areaPath([], 20)).toBe('');
  });
});

describe('gauge', () => {
  it('runs along a half circle from left to right', () => {
    const start = gaugePoint(0, 60, 60, 50);
    const end = gaugePoint(1, 60, 60, 50);
    const mid = gaugePoint(0.5, 60, 60, 50);
    expect(start.x).toBeCloseTo(10);
    expect(end.x).toBeCloseTo(110);
    expect(mid.y).toBeCloseTo(10);
  });
  it('an empty gauge draws nothing', () => {
    expect(gaugeArc(0, 60, 60, 50)).toBe('');
    expect(gaugeArc(0.5, 60, 60, 50)).toMatch(/^M10 60 A50 50 0 0 1 60 10$/);
  });
});

describe('timeTicks', () => {
  it('labels a time axis at round steps back from now, at most four, none at now', () => {
    expect(timeTicks(617_000).map((t) => t.label)).toEqual(['−5 min', '−10 min']);
    expect(timeTicks(617_000)[0]).toEqual({ agoMs: 300_000, label: '−5 min' });
    expect(timeTicks(90_000).map((t) => t.label)).toEqual(['−30 s', '−1 min', '−1.5 min']);
    expect(timeTicks(40_000).map((t) => t.label)).toEqual(['−10 s', '−20 s', '−30 s', '−40 s']);
    expect(timeTicks(5_000)).toEqual([]);
    expect(timeTicks(Number.NaN)).toEqual([]);
  });
});
