import { describe, expect, it } from 'vitest';
import { chooseSegment, seededFraction } from './segment.js';

describe('chooseSegment', () => {
  it('loops a clip shorter than the voice', () => {
    expect(chooseSegment(3, 10, 1)).toEqual({ startSec: 0, loop: true });
  });
  it('picks a segment inside a longer clip, reproducibly for a seed', () => {
    const a = chooseSegment(120, 30, 42);
    expect(a.loop).toBe(false);
    expect(a.startSec).toBeGreaterThanOrEqual(0);
    expect(a.startSec + 30).toBeLessThanOrEqual(120);
    expect(chooseSegment(120, 30, 42)).toEqual(a);
  });
  it('different seeds choose different segments', () => {
    const starts = new Set([1, 2, 3, 4, 5, 6].map((s) => chooseSegment(600, 30, s).startSec));
    expect(starts.size).toBeGreaterThan(3);
  });
  it('seeded fractions stay in [0, 1)', () => {
    for (let s = 0; s < 1000; s++) {
      const f = seededFraction(s);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });
  it('treats an unknown duration as a loop from the start', () => {
    expect(chooseSegment(Number.NaN, 10, 1)).toEqual({ startSec: 0, loop: true });
  });
});
