/** The little bit of math the SVG charts need. Pure and unit-tested; no chart library. */

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => r0;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A round upper bound for an axis: 0.87 → 1, 13 → 15, 420 → 500. Never 0, so bars have a scale. */
export function niceMax(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  const exp = Math.floor(Math.log10(max));
  const base = 10 ** exp;
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * base >= max - 1e-12) ?? 10;
  return step * base;
}

/** Evenly spaced ticks from 0 to max inclusive. */
export function ticks(max: number, count = 4): number[] {
  if (count < 1) return [0, max];
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** Width of a bar for `value` on a track of `width`; clamped, and never NaN. */
export function barWidth(value: number, max: number, width: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(max) || max <= 0 || value <= 0) return 0;
  return Math.min(width, (value / max) * width);
}

export interface Point {
  x: number;
  y: number;
}

/** Chart-space points for a time series, x by time and y by value (SVG y grows downward). */
export function seriesPoints(
  samples: { at: number; value: number }[],
  box: { width: number; height: number },
  yMax: number,
): Point[] {
  if (samples.length === 0) return [];
  const first = samples[0]!.at;
  const last = samples[samples.length - 1]!.at;
  const x = linearScale([first, last], [0, box.width]);
  const y = linearScale([0, yMax], [box.height, 0]);
  return samples.map((s) => ({ x: samples.length === 1 ? box.width : x(s.at), y: clamp(y(s.value), 0, box.height) }));
}

/** An SVG path through the points ("M x y L x y …"), rounded to keep the DOM small. */
export function linePath(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round1(p.x)} ${round1(p.y)}`).join(' ');
}

/** The same line closed down to the baseline, for a soft area fill under it. */
export function areaPath(points: Point[], baseline: number): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return `${linePath(points)} L${round1(last.x)} ${round1(baseline)} L${round1(first.x)} ${round1(baseline)} Z`;
}

/** Point on an arc gauge: fraction 0 at the left end of a half circle, 1 at the right. */
export function gaugePoint(fraction: number, cx: number, cy: number, r: number): Point {
  const angle = Math.PI * (1 - clamp(fraction, 0, 1));
  return { x: cx + r * Math.cos(angle), y: cy - r * Math.sin(angle) };
}

/** The SVG arc from the gauge's start to `fraction` along a half circle. */
export function gaugeArc(fraction: number, cx: number, cy: number, r: number): string {
  const f = clamp(fraction, 0, 1);
  if (f === 0) return '';
  const start = gaugePoint(0, cx, cy, r);
  const end = gaugePoint(f, cx, cy, r);
  return `M${round1(start.x)} ${round1(start.y)} A${r} ${r} 0 0 1 ${round1(end.x)} ${round1(end.y)}`;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

const TIME_STEPS_SEC = [10, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * Labelled gridlines for a time axis that ends "now": offsets back from the right edge at a
 * round step ("−30 s", "−5 min"), at most `max` of them, none at 0 (the edge says "now").
 */
export function timeTicks(spanMs: number, max = 4): { agoMs: number; label: string }[] {
  if (!Number.isFinite(spanMs) || spanMs < 10_000) return [];
  const spanSec = spanMs / 1000;
  const step = TIME_STEPS_SEC.find((s) => spanSec / s <= max) ?? TIME_STEPS_SEC[TIME_STEPS_SEC.length - 1]!;
  const out: { agoMs: number; label: string }[] = [];
  for (let t = step; t <= spanSec + 1e-9; t += step) {
    out.push({ agoMs: t * 1000, label: t < 60 ? `−${t} s` : t < 3600 ? `−${t / 60} min` : `−${t / 3600} h` });
  }
  return out.slice(0, max);
}
