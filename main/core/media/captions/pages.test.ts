import { describe, expect, it } from 'vitest';
import { breakLines, charUnits, displayWords, joinWords, paginate, type SpokenChunk, type SpokenWord } from './pages.js';

/** Words of sentences, 300 ms each, chunks of one sentence, 150 ms apart. */
function track(sentences: string[][], gapMs = 150): { words: SpokenWord[]; chunks: SpokenChunk[] } {
  const words: SpokenWord[] = [];
  const chunks: SpokenChunk[] = [];
  let t = 0;
  sentences.forEach((ws, i) => {
    const start = t;
    for (const w of ws) {
      words.push({ text: w, startMs: t, endMs: t + 300, chunk: i });
      t += 300;
    }
    chunks.push({ text: ws.join(' '), sentence: i, startMs: start, endMs: t });
    t += gapMs;
  });
  return { words, chunks };
}

describe('paginate', () => {
  const t = track([['Why', 'do', 'cats', 'purr', 'so', 'much?'], ['Nobody', 'knows.']]);

  it('groups words per caption and never across a sentence', () => {
    const pages = paginate(t.words, t.chunks, { layout: { wordsPerCaption: 4 } });
    expect(pages.map((p) => p.words.map((w) => w.text).join(' '))).toEqual(['Why do cats purr', 'so much?', 'Nobody knows.']);
    expect(pages.map((p) => p.sentence)).toEqual([0, 0, 1]);
  });

  it('one word per caption is one page per word, each on until the next', () => {
    const pages = paginate(t.words, t.chunks, { layout: { wordsPerCaption: 1 } });
    expect(pages).toHaveLength(8);
    pages.slice(0, -1).forEach((p, i) => expect(p.endMs).toBe(pages[i + 1]!.startMs));
    expect(pages.at(-1)!.endMs).toBe(pages.at(-1)!.words[0]!.endMs + 400);
  });

  it('characters per line × lines fills lines and turns the page when they are full', () => {
    const long = track([['Scientists', 'have', 'counted', 'more', 'than', 'twenty', 'reasons', 'for', 'purring']]);
    const pages = paginate(long.words, long.chunks, { layout: { charsPerLine: 16, lines: 2 } });
    for (const p of pages) {
      expect(p.lines.length).toBeLessThanOrEqual(2);
      for (const line of p.lines) expect(charUnits(joinWords(line, false))).toBeLessThanOrEqual(16);
    }
    expect(pages.flatMap((p) => p.words.map((w) => w.text))).toEqual(long.words.map((w) => w.text));
  });

  it('a long pause starts a new page even mid-sentence', () => {
    const words = [
      { text: 'Wait', startMs: 0, endMs: 300, chunk: 0 },
      { text: 'for', startMs: 1500, endMs: 1800, chunk: 0 },
      { text: 'it.', startMs: 1800, endMs: 2100, chunk: 0 },
    ];
    const pages = paginate(words, [{ text: 'Wait for it.', sentence: 0, startMs: 0, endMs: 2100 }], { layout: { wordsPerCaption: 3 } });
    expect(pages.map((p) => p.words.length)).toEqual([1, 2]);
    expect(pages[0]!.endMs).toBe(700); // lingers, then leaves before the pause ends
  });

  it('clamps times running backwards', () => {
    const words = [{ text: 'a', startMs: 500, endMs: 900, chunk: 0 }, { text: 'b', startMs: 100, endMs: 50, chunk: 0 }];
    const [page] = paginate(words, [{ text: 'a b', sentence: 0, startMs: 0, endMs: 900 }], { layout: { wordsPerCaption: 3 } });
    expect(page!.words[1]!.startMs).toBeGreaterThanOrEqual(500);
    expect(page!.words[1]!.endMs).toBeGreaterThanOrEqual(page!.words[1]!.startMs);
  });
});

describe('unspaced scripts', () => {
  const chars = Array.from('为什么猫会发出呼噜声？');
  const words = chars.map((c, i) => ({ text: c, startMs: i * 100, endMs: i * 100 + 100, chunk: 0 }));
  const chunks = [{ text: chars.join(''), sentence: 0, startMs: 0, endMs: chars.length * 100 }];

  it('merges timed characters into words, punctuation with the word before', () => {
    const d = displayWords(words);
    expect(d.map((w) => w.text)).toEqual(['为什么', '猫', '会', '发出', '呼噜', '声？']);
    expect(d[0]).toMatchObject({ startMs: 0, endMs: 300 });
    expect(d.at(-1)).toMatchObject({ startMs: 900, endMs: 1100 });
  });

  it('breaks lines without spaces, never before a closing mark, wide glyphs counting two', () => {
    const pages = paginate(words, chunks, { layout: { charsPerLine: 8, lines: 2 } });
    for (const p of pages) {
      expect(p.unspaced).toBe(true);
      for (const line of p.lines) {
        expect(charUnits(joinWords(line, true))).toBeLessThanOrEqual(8);
        expect(joinWords(line, true)).not.toMatch(/^[？。，]/);
      }
    }
    expect(pages.flatMap((p) => p.lines.map((l) => joinWords(l, true))).join('')).toBe(chars.join(''));
  });
});

describe('breakLines', () => {
  const w = (s: string): { text: string }[] => s.split(' ').map((text) => ({ text }));
  it('uses the fewest lines, then the most even split', () => {
    const lines = breakLines(w('one two three four five six'), false, (t) => t.length, 16, 3);
    expect(lines.map((l) => joinWords(l, false))).toEqual(['one two three', 'four five six']);
  });
  it('a word wider than the line gets a line of its own (the layout shrinks it)', () => {
    const lines = breakLines(w('a supercalifragilistic b'), false, (t) => t.length, 8, 3);
    expect(lines.map((l) => joinWords(l, false))).toEqual(['a', 'supercalifragilistic', 'b']);
  });
});
