import { describe, expect, it } from 'vitest';
import { cardSize, shotSpan, sourceLabel } from './shotStripRules';

describe('shot strip rules', () => {
  it('labels where a picture comes from, when a shot plays, and sizes cards by length', () => {
    const c = { id: 'x', kind: 'clip' as const, label: 'dog.mp4', reason: '', score: 1, thumbnailUrl: null };
    expect(sourceLabel({ ...c, source: 'library' })).toBe('yours');
    expect(sourceLabel({ ...c, source: 'stock' })).toBe('stock');
    expect(shotSpan({ startSec: 3.2, durationSec: 4.1 })).toBe('0:03–0:07');
    expect(shotSpan({ startSec: 59.6, durationSec: 2 })).toBe('1:00–1:02');
    expect([1.2, 3, 4, 6].map(cardSize)).toEqual(['s', 'm', 'l', 'xl']);
  });
});
