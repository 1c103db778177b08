import { describe, expect, it } from 'vitest';
import { pushSample } from './history';

describe('pushSample', () => {
  it('appends and drops the oldest past the limit', () => {
    let h: { at: number }[] = [];
    for (let i = 1; i <= 5; i++) h = pushSample(h, { at: i }, 3);
    expect(h.map((s) => s.at)).toEqual([3, 4, 5]);
  });
  it('replaces a sample with the same time and ignores older ones', () => {
    const h = pushSample([{ at: 1, v: 1 }], { at: 1, v: 2 }, 10);
    expect(h).toEqual([{ at: 1, v: 2 }]);
    expect(pushSample(h, { at: 0, v: 9 }, 10)).toBe(h);
  });
  it('does not mutate its input', () => {
    const h = [{ at: 1 }];
    pushSample(h, { at: 2 }, 10);
    expect(h).toEqual([{ at: 1 }]);
  });
});
