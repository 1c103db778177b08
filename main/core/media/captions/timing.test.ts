import { describe, expect, it } from 'vitest';
import { distribute, pagesFromTrack, timeChunks, trackWords, wordWeight } from './timing.js';

describe('wordWeight', () => {
  it('longer words (more syllables) weigh more; punctuation adds a pause', () => {
    expect(wordWeight('extraordinary')).toBeGreaterThan(wordWeight('cat'));
    expect(wordWeight('cat.')).toBeGreaterThan(wordWeight('cat'));
    expect(wordWeight('猫は')).toBeGreaterThan(wordWeight('猫'));
    expect(wordWeight('a')).toBeGreaterThan(0);
  });
});

describe('timeChunks', () => {
  const chunks = ['Cats purr', 'when they are happy.', 'Really!'];
  const spans = [{ startMs: 0, endMs: 800 }, { startMs: 900, endMs: 2100 }, { startMs: 2300, endMs: 2900 }];

  it('keeps each chunk on screen until the next begins, the last one a little longer', () => {
    const t = timeChunks(chunks, spans, 400);
    expect(t.map((c) => [c.startMs, c.endMs])).toEqual([[0, 900], [900, 2300], [2300, 3300]]);
  });

  it('words are contiguous, monotonic and exactly fill the voice span', () => {
    const t = timeChunks(chunks, spans);
    let prev = -1;
    t.forEach((c, i) => {
      const span = spans[i]!;
      expect(c.words[0]!.startMs).toBe(span.startMs);
      expect(c.words.at(-1)!.endMs).toBe(span.endMs);
      for (const [j, w] of c.words.entries()) {
        expect(w.startMs).toBeGreaterThanOrEqual(prev);
        expect(w.endMs).toBeGreaterThanOrEqual(w.startMs);
        if (j > 0) expect(w.startMs).toBe(c.words[j - 1]!.endMs);
        prev = w.startMs;
      }
    });
  });

  it('gives longer words more time', () => {
    const [w1, w2] = distribute(['a', 'extraordinary'], { startMs: 0, endMs: 1000 });
    expect(w2!.endMs - w2!.startMs).toBeGreaterThan(w1!.endMs - w1!.startMs);
  });

  it('times CJK chunks per character', () => {
    const [c] = timeChunks(['猫です'], [{ startMs: 100, endMs: 400 }]);
    expect(c!.words.map((w) => w.text)).toEqual(['猫', 'で', 'す']);
  });

  it('clamps overlapping or reversed spans so time never runs backwards', () => {
    const t = timeChunks(['one two', 'three'], [{ startMs: 500, endMs: 1000 }, { startMs: 800, endMs: 700 }]);
    expect(t[1]!.startMs).toBeGreaterThanOrEqual(t[0]!.words.at(-1)!.endMs);
    expect(t[1]!.endMs).toBeGreaterThanOrEqual(t[1]!.startMs);
  });

  it('rejects a chunk/span count mismatch', () => {
    expect(() => timeChunks(['a', 'b'], [{ startMs: 0, endMs: 1 }])).toThrow(/2 chunks but 1/);
  });
});

describe('trackWords', () => {
  const chunks = ['Cats purr', 'when happy.'];
  const spans = [{ startMs: 0, endMs: 800 }, { startMs: 900, endMs: 2000 }];

  it('uses the engine word times where a chunk has them and estimates the others', () => {
    const engine = [[{ text: 'Cats', startMs: 10, endMs: 300 }, { text: 'purr', startMs: 350, endMs: 790 }], null];
    const words = trackWords(chunks, spans, engine);
    expect(words.map((w) => [w.text, w.chunk])).toEqual([['Cats', 0], ['purr', 0], ['when', 1], ['happy.', 1]]);
    expect(words.slice(0, 2).map((w) => [w.startMs, w.endMs])).toEqual([[10, 300], [350, 790]]);
    // The second chunk is estimated: it fills its span exactly.
    expect(words[2]!.startMs).toBe(900);
    expect(words[3]!.endMs).toBe(2000);
  });

  it('keeps engine times inside the chunk span and in order, and ignores a word-count mismatch', () => {
    const clamped = trackWords(['a b'], [{ startMs: 100, endMs: 500 }], [[{ text: 'a', startMs: 50, endMs: 700 }, { text: 'b', startMs: 20, endMs: 30 }]]);
    expect(clamped.map((w) => [w.startMs, w.endMs])).toEqual([[100, 500], [500, 500]]);
    const mismatch = trackWords(['a b c'], [{ startMs: 0, endMs: 900 }], [[{ text: 'abc', startMs: 0, endMs: 900 }]]);
    expect(mismatch.map((w) => w.text)).toEqual(['a', 'b', 'c']);
  });

  it('pages follow the voice chunks and carry their words', () => {
    const words = trackWords(chunks, spans);
    const pages = pagesFromTrack(chunks.map((text, i) => ({ text, sentence: i, ...spans[i]! })), words, 300);
    expect(pages.map((p) => [p.startMs, p.endMs, p.words.length])).toEqual([[0, 900, 2], [900, 2300, 2]]);
  });
});
