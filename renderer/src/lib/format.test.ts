import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatClock, formatCount, formatDuration, formatEta, formatMs, formatPercent, formatUsd } from './format';

describe('formatBytes', () => {
  it('uses binary multiples with sensible precision', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GB');
    expect(formatBytes(123.4 * 1024 ** 2)).toBe('123 MB');
    expect(formatBytes(12.34 * 1024 ** 2)).toBe('12.3 MB');
  });
  it('treats nonsense as zero', () => {
    expect(formatBytes(Number.NaN)).toBe('0 B');
    expect(formatBytes(-5)).toBe('0 B');
  });
  it('caps at the largest unit', () => {
    expect(formatBytes(2 ** 60)).toBe('1024 PB');
  });
});

describe('formatPercent', () => {
  it('rounds fractions to whole percent', () => {
    expect(formatPercent(0.4234)).toBe('42%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });
  it('shows a tiny non-zero as <1% and clamps above 1', () => {
    expect(formatPercent(0.001)).toBe('<1%');
    expect(formatPercent(1.7)).toBe('100%');
    expect(formatPercent(0.12345, 1)).toBe('12.3%');
  });
});

describe('formatEta', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatEta(45)).toBe('45s');
    expect(formatEta(185)).toBe('3m 05s');
    expect(formatEta(3720)).toBe('1h 02m');
  });
  it('shows a dash when unknown', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(undefined)).toBe('—');
    expect(formatEta(-1)).toBe('—');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('other formatters', () => {
  it('formatClock', () => {
    expect(formatClock(47)).toBe('0:47');
    expect(formatClock(125.4)).toBe('2:05');
    expect(formatClock(-3)).toBe('0:00');
  });
  it('formatMs', () => {
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(12_300)).toBe('12.3 s');
    expect(formatMs(185_000)).toBe('3m 05s');
  });
  it('formatDuration', () => {
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(200 * 60_000)).toBe('3 h 20 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
    expect(formatDuration(0)).toBe('0 s');
  });
  it('formatUsd keeps fractions of a cent readable', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(3.456)).toBe('$3.46');
  });
  it('formatCount', () => {
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1.2k');
    expect(formatCount(2_500_000)).toBe('2.5M');
  });
  it('formatAge', () => {
    const now = 1_000_000_000;
    expect(formatAge(now - 10_000, now)).toBe('just now');
    expect(formatAge(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAge(now - 26 * 3_600_000, now)).toBe('yesterday');
    expect(formatAge(now + 5000, now)).toBe('just now');
  });
});
