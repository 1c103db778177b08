import { describe, expect, it } from 'vitest';
import { RenderProgress } from './progress.js';
import type { RenderEvent } from './types.js';

describe('RenderProgress', () => {
  it('is monotonic and reaches 1 when every stage is done', () => {
    const events: RenderEvent[] = [];
    let t = 0;
    const p = new RenderProgress((e) => events.push(e), () => t);
    p.update('script', 'running', 0.5);
    t += 1000;
    p.update('script', 'done', 1);
    p.update('compile', 'running', 0.4);
    p.update('compile', 'running', 0.2); // a retried stage reports less: overall must not fall
    for (const s of ['ideas', 'virality', 'voice', 'captions', 'background', 'shots', 'compile'] as const) p.update(s, 'done', 1);
    const overall = events.map((e) => (e.type === 'stage' ? e.overall : 0));
    for (let i = 1; i < overall.length; i++) expect(overall[i]).toBeGreaterThanOrEqual(overall[i - 1] ?? 0);
    expect(overall.at(-1)).toBeCloseTo(1, 6);
  });

  it('estimates the time left from the elapsed time and the fraction done', () => {
    const events: RenderEvent[] = [];
    let t = 0;
    const p = new RenderProgress((e) => events.push(e), () => t);
    t = 10_000;
    p.update('compile', 'running', 0.5);
    const last = events.at(-1);
    expect(last?.type).toBe('stage');
    if (last?.type === 'stage') {
      // 39 % done after 10 s → about 16 s left
      expect(last.etaSec).toBeGreaterThan(10);
      expect(last.etaSec).toBeLessThan(20);
    }
  });
});
