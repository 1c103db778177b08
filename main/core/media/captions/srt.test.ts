import { describe, expect, it } from 'vitest';
import { buildSrt } from './srt.js';

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

  it('is empty for no chunks', () => {
    expect(buildSrt([])).toBe('');
  });
});
