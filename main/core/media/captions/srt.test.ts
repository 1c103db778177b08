import { describe, expect, it } from 'vitest';
import { buildPageSrt, buildSrt } from './srt.js';

describe('buildSrt', () => {
  it('numbers cues and formats HH:MM:SS,mmm', () => {
    const srt = buildSrt([
      { text: 'Cats purr', startMs: 0, endMs: 1234, words: [] },
      { text: 'when happy.', startMs: 3_723_004, endMs: 3_725_999, words: [] },
    ]);
    expect(srt).toBe('1\n00:00:00,000 --> 00:00:01,234\nCats purr\n\n2\n01:02:03,004 --> 01:02:05,999\nwhen happy.\n');
  });

  it('keeps one line per cue and rounds to whole milliseconds', () => {
    const srt = buildSrt([{ text: 'a\nb', startMs: 10.4, endMs: 20.6, words: [] }]);
    expect(srt).toBe('1\n00:00:00,010 --> 00:00:00,021\na b\n');
  });

  it('carries no ASS override blocks, which players would apply (and hide) instead of showing', () => {
    const srt = buildSrt([{ text: 'This is {\\fs200\\c&H0000FF&} literal {\\b1}now. A back\\slash {curly} stays.', startMs: 0, endMs: 1000, words: [] }]);
    expect(srt).toBe('1\n00:00:00,000 --> 00:00:01,000\nThis is literal now. A back\\slash {curly} stays.\n');
    // A cue that was nothing but tags is left out, and the numbering stays gapless.
    const onlyTags = buildSrt([
      { text: 'Before', startMs: 0, endMs: 500, words: [] },
      { text: '{\\fs200\\c&H0000FF&}', startMs: 500, endMs: 900, words: [] },
      { text: 'after.', startMs: 900, endMs: 1500, words: [] },
    ]);
    expect(onlyTags).toBe('1\n00:00:00,000 --> 00:00:00,500\nBefore\n\n2\n00:00:00,900 --> 00:00:01,500\nafter.\n');
  });

  it('is empty for no chunks', () => {
    expect(buildSrt([])).toBe('');
  });
});

describe('buildPageSrt', () => {
  it('keeps the burned-in line breaks and leaves out override blocks, and pages that were only tags', () => {
    const srt = buildPageSrt([
      { startMs: 0, endMs: 800, unspaced: false, lines: [[{ text: 'This' }, { text: 'is' }, { text: '{\\fs200}' }], [{ text: 'literal.' }]] },
      { startMs: 800, endMs: 900, unspaced: false, lines: [[{ text: '{\\c&H0000FF&}' }]] },
      { startMs: 900, endMs: 1500, unspaced: true, lines: [[{ text: '猫は' }, { text: '鳴く' }]] },
    ]);
    expect(srt).toBe('1\n00:00:00,000 --> 00:00:00,800\nThis is\nliteral.\n\n2\n00:00:00,900 --> 00:00:01,500\n猫は鳴く\n');
  });
});
