import { describe, expect, it } from 'vitest';
import { threadsPerEncode } from './thread-budget.js';

describe('threadsPerEncode', () => {
  it('splits the cores between the encodes that run side by side', () => {
    expect(threadsPerEncode(2, 1)).toBe(2);
    expect(threadsPerEncode(2, 2)).toBe(1); // perf-floor: the best batch setting on 2 cores
    expect(threadsPerEncode(8, 3)).toBe(2);
  });

  it('never grants fewer than one thread, whatever it is given', () => {
    expect(threadsPerEncode(2, 5)).toBe(1);
    expect(threadsPerEncode(0, 0)).toBe(1);
    expect(threadsPerEncode(Number.NaN, 1)).toBe(1);
  });
});
