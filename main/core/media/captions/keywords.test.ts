import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { allTableEmoji, emojiFor, pageEmoji } from './emoji.js';
import { parseFont } from './font-metrics.js';
import { emphasisedWords, wordRef } from './keywords.js';
import type { CaptionPage } from './pages.js';

function page(sentence: number, text: string): CaptionPage {
  const words = text.split(' ').map((t, i) => ({ text: t, startMs: i * 100, endMs: i * 100 + 100 }));
  return { startMs: 0, endMs: 1000, sentence, words, lines: [words], unspaced: false };
}

const emphasised = (pages: CaptionPage[], marked: string[] | null = null): string[][] =>
  pages.map((p, pi) => p.words.filter((_, wi) => emphasisedWords(pages, marked).has(wordRef(pi, wi))).map((w) => w.text));

describe('emphasis', () => {
  it('offline: numbers, names inside a sentence, and each caption\'s longest content word', () => {
    const pages = [page(0, 'Cats purr at 25 hertz'), page(0, 'said Dr Jones, honestly')];
    expect(emphasised(pages)).toEqual([['25', 'hertz'], ['Dr', 'Jones,', 'honestly']]);
  });

  it('a sentence start is not a name; short captions get one key word per sentence', () => {
    const pages = [page(0, 'Octopuses'), page(0, 'have'), page(0, 'three'), page(0, 'hearts')];
    expect(emphasised(pages)).toEqual([['Octopuses'], [], [], []]);
  });

  it('with an LLM\'s marked words, those (and numbers), matched without case or punctuation', () => {
    expect(emphasised([page(0, 'Cats purr at 25 Hertz, really.')], ['hertz', 'REALLY'])).toEqual([['25', 'Hertz,', 'really.']]);
  });
});

describe('emoji', () => {
  it('finds an emoji by word or stem, never for numbers or function words', () => {
    expect(emojiFor('Cats')).toBe('🐱');
    expect(emojiFor('money!')).toBe('💰');
    expect(emojiFor('happiness')).toBe('😊');
    expect(emojiFor('25')).toBeNull();
    expect(emojiFor('the')).toBeNull();
  });

  it('one per page, preferring an emphasised word, never the same twice in a row', () => {
    const pages = [page(0, 'the cat and the money'), page(1, 'another cat'), page(1, 'cat again')];
    expect(pageEmoji(pages, new Set([wordRef(0, 4)]))).toEqual(['💰', '🐱', null]);
  });

  it.skipIf(!existsSync('/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf'))('every table emoji is a single code point the emoji font draws (skipped where fonts-symbola is not installed)', () => {
    const symbola = parseFont(readFileSync('/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf'));
    for (const e of allTableEmoji()) {
      expect(Array.from(e)).toHaveLength(1);
      expect(symbola.has(e.codePointAt(0)!)).toBe(true);
    }
  });
});
