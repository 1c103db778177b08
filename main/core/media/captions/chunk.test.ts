import { describe, expect, it } from 'vitest';
import { chunkScript, wordsOf } from './chunk.js';

describe('chunkScript', () => {
  it('groups a few words per chunk without splitting or losing words', () => {
    const line = 'Cats purr when they are happy, but also when they are scared or hurt.';
    const chunks = chunkScript([line]);
    for (const c of chunks) {
      expect(c.words.length).toBeLessThanOrEqual(3);
      expect(c.text.length <= 18 || c.words.length === 1).toBe(true);
      expect(c.text).toBe(c.words.join(' '));
    }
    expect(chunks.map((c) => c.text).join(' ')).toBe(line);
  });

  it('numbers sentences across lines, so each chunk knows the sentence it belongs to', () => {
    const chunks = chunkScript(['Why do cats purr?', 'They purr when happy, and when hurt. Scientists agree.']);
    expect(chunks.map((c) => c.sentence)).toEqual([0, 0, 1, 1, 1, 2]);
    expect(chunks.filter((c) => c.sentence === 1).map((c) => c.text).join(' ')).toBe('They purr when happy, and when hurt.');
  });

  it('ends a chunk at a comma and never joins two sentences', () => {
    const chunks = chunkScript(['Yes, really. They do!']).map((c) => c.text);
    expect(chunks).toEqual(['Yes, really.', 'They do!']);
    // "3.5" is not a sentence end.
    expect(chunkScript(['It weighs 3.5 kg.'], { maxWords: 4 }).map((c) => c.text)).toEqual(['It weighs 3.5 kg.']);
  });

  it('keeps a word longer than maxChars whole', () => {
    const chunks = chunkScript(['Supercalifragilisticexpialidocious is long']);
    expect(chunks[0]!.text).toBe('Supercalifragilisticexpialidocious');
  });

  it('respects maxWords and maxChars options', () => {
    const chunks = chunkScript(['one two three four five six seven eight'], { maxWords: 4, maxChars: 100 });
    expect(chunks.map((c) => c.words.length)).toEqual([4, 4]);
  });

  it('skips blank lines and collapses whitespace', () => {
    expect(chunkScript(['', '   ', ' hello \n  world '])).toEqual([{ text: 'hello world', words: ['hello', 'world'], sentence: 0 }]);
  });

  it('splits unspaced CJK text by characters, keeping closing punctuation attached', () => {
    const text = '猫は嬉しい時に喉を鳴らします。でも怖い時にも鳴らします。';
    const chunks = chunkScript([text]);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const c of chunks) {
      expect(Array.from(c.text).length).toBeLessThanOrEqual(10);
      expect(c.text.startsWith('。')).toBe(false);
      expect(c.words).toEqual(Array.from(c.text));
    }
  });

  it('treats spaced scripts (Korean, Arabic) as words', () => {
    const chunks = chunkScript(['고양이는 행복할 때 가르랑거립니다']);
    expect(chunks[0]!.words).toEqual(['고양이는', '행복할', '때']);
    expect(chunkScript(['القطط تخرخر عندما تكون سعيدة'])[0]!.words.length).toBeLessThanOrEqual(3);
  });

  it('wordsOf matches how chunks were split', () => {
    expect(wordsOf('Hello, world!')).toEqual(['Hello,', 'world!']);
    expect(wordsOf('猫です')).toEqual(['猫', 'で', 'す']);
    expect(wordsOf('  ')).toEqual([]);
  });
});
