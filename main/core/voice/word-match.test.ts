import { describe, expect, it } from 'vitest';
import { projectWords } from './word-match.js';

const w = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs });

describe('projectWords', () => {
  it('keeps an engine’s times when it splits words the way the script does, with the script’s text', () => {
    expect(projectWords(['Why', 'cats', 'purr?'], [w('Why', 100, 300), w('cats', 350, 600), w('purr', 650, 900)])).toEqual([
      w('Why', 100, 300), w('cats', 350, 600), w('purr?', 650, 900),
    ]);
  });

  it('joins and splits across different word boundaries, and gives unspoken marks the gap', () => {
    const r = projectWords(['It', 'costs', '1,000', '—', 'really.'], [w('It', 0, 100), w('costs', 120, 400), w('1', 420, 500), w('000', 500, 700), w('really', 800, 1100)]);
    expect(r).toEqual([w('It', 0, 100), w('costs', 120, 400), w('1,000', 420, 700), w('—', 700, 800), w('really.', 800, 1100)]);
  });

  it('aligns a transcript with recognition slips, and fills a missed word between its neighbours', () => {
    const r = projectWords(['The', 'cat', 'is', 'going', 'to', 'purr'], [w('the', 0, 200), w('cat', 200, 500), w('gonna', 700, 1000), w('purr', 1000, 1400)]);
    expect(r?.map((x) => x.text)).toEqual(['The', 'cat', 'is', 'going', 'to', 'purr']);
    expect(r?.[0]).toEqual(w('The', 0, 200));
    expect(r?.[5]).toEqual(w('purr', 1000, 1400));
    for (let i = 1; i < (r?.length ?? 0); i++) expect(r?.[i]?.startMs).toBeGreaterThanOrEqual(r?.[i - 1]?.endMs ?? 0);
    expect(r?.[3]?.startMs).toBeGreaterThanOrEqual(500);
    expect(r?.[4]?.endMs).toBeLessThanOrEqual(1000);
  });

  it('spreads one timed run of Chinese over its characters, inside the bounds', () => {
    const r = projectWords(['猫', '为', '什', '么'], [w('猫为什么', 1000, 1800)], { startMs: 900, endMs: 1700 });
    expect(r).toEqual([w('猫', 1000, 1200), w('为', 1200, 1400), w('什', 1400, 1600), w('么', 1600, 1700)]);
  });

  it('gives up (null) when there is nothing to match', () => {
    expect(projectWords(['Hi'], [])).toBeNull();
    expect(projectWords([], [w('Hi', 0, 1)])).toBeNull();
  });
});
