import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { allTableEmoji, emojiFor, markedEmojiLookup, pageEmoji, singleEmoji, usableMarkedEmoji } from './emoji.js';
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

describe('an LLM\'s marks', () => {
  it('a phrase is split into its words, leaving out its function words; a word marked alone is trusted', () => {
    expect(emphasised([page(0, 'the blue sky is not violet')], ['the blue sky'])).toEqual([['blue', 'sky']]);
    expect(emphasised([page(0, 'the blue sky is not violet')], ['not'])).toEqual([['not']]);
  });

  it('an emoji is one code point an outline font can draw: VS16 dropped; flags, skin tones, ZWJ and text refused', () => {
    expect(singleEmoji('\u2600\uFE0F')).toBe('\u2600');
    expect(singleEmoji(' \u{1F440} ')).toBe('\u{1F440}');
    for (const bad of ['\u{1F1EB}\u{1F1F7}', '\u{1F44D}\u{1F3FD}', '\u{1F469}\u200D\u{1F4BB}', '1\uFE0F\u20E3', 'sun', '']) expect(singleEmoji(bad)).toBeNull();
  });

  it('keeps the emoji the font covers, found by word or stem; none left means the table', () => {
    const covers = (cp: number): boolean => cp !== 0x1fae0;
    const usable = usableMarkedEmoji([{ word: 'scatter', emoji: '\u{1F4A5}' }, { word: 'melts', emoji: '\u{1FAE0}' }, { word: '!!', emoji: '\u2600' }], covers);
    expect(usable).toEqual([{ word: 'scatter', emoji: '\u{1F4A5}' }]);
    expect(usableMarkedEmoji([{ word: 'melts', emoji: '\u{1FAE0}' }], covers)).toBeNull();
    const lookup = markedEmojiLookup(usable ?? []);
    expect(lookup('Scatters,')).toBe('\u{1F4A5}');
    expect(lookup('cat')).toBeNull(); // the table's words do not count once the model chose
    expect(pageEmoji([page(0, 'the cat will scatter')], new Set(), lookup)).toEqual(['\u{1F4A5}']);
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
