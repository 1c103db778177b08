import { describe, expect, it } from 'vitest';
import { defaultPace, measurePace, predictVoiceMs, sizingPace, weightOf } from './pace.js';

describe('voice pace (pure)', () => {
  it('predicts a script’s voice length from its weight, and measures a pace back from a voiced one', () => {
    const lines = ['Why do cats purr?', 'Nobody knows for sure.'];
    const w = weightOf(lines);
    expect(w.words).toBe(8);
    expect(w.chunks).toBe(4);
    const ms = predictVoiceMs(lines, { msPerUnit: 200 }, 120);
    expect(ms).toBeCloseTo(w.units * 200 + 3 * 120, 6);
    expect(measurePace(lines, w.units * 200, ms)).toEqual({ msPerUnit: 200, wordsPerSecond: Math.round((8 / (ms / 1000)) * 100) / 100, source: 'measured' });
    expect(measurePace([], 100, 100)).toBeNull();
  });

  it('sizes at the engine’s usual pace for voices within 10 % of it, otherwise in 5 % steps', () => {
    expect(sizingPace({ msPerUnit: 161, wordsPerSecond: 2.7, source: 'measured' }, 'system')).toEqual(defaultPace('system'));
    expect(sizingPace({ msPerUnit: 165, wordsPerSecond: 2.6, source: 'measured' }, 'system')).toEqual(defaultPace('system'));
    const slow = sizingPace({ msPerUnit: 224, wordsPerSecond: 2, source: 'measured' }, 'system');
    expect(slow.msPerUnit).toBeGreaterThan(220);
    expect(slow.msPerUnit).toBeLessThan(240);
    expect(sizingPace({ msPerUnit: 228, wordsPerSecond: 2, source: 'measured' }, 'system')).toEqual(slow);
    expect(defaultPace('system', 2).msPerUnit).toBe(83);
  });
});
