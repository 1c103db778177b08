import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RelatedWords } from './related-words.js';
import { SortedLineFile } from './sorted-lines.js';
import { contentWords, nameWords, stem } from './tokens.js';
import { WordNet } from './wordnet.js';
import { parseDataLine, parseIndexLine } from './wordnet-format.js';

describe('wordnet format', () => {
  it('parses an index line: pointer symbols skipped, offsets in sense order', () => {
    const e = parseIndexLine('dog n 7 5 @ ~ #m #p %p 7 1 02086723 10133978 10042764 09905672 07692347 03907626 02712903  ');
    expect(e).toEqual({ lemma: 'dog', pos: 'n', offsets: [2086723, 10133978, 10042764, 9905672, 7692347, 3907626, 2712903] });
    expect(parseIndexLine('  1 This software and database is being provided')).toBeNull();
    expect(parseIndexLine('dog n 3 0 3 0 1 2')).toBeNull(); // fewer offsets than it claims
  });

  it('parses a data line: hex word count, adjective markers, pointers, gloss', () => {
    const s = parseDataLine('01325095 05 n 02 puppy 0 pup(a) 1 002 @ 01324834 n 0000 ~i 02086723 s 0102 | a young dog  ');
    expect(s).toEqual({
      offset: 1325095, pos: 'n', words: ['puppy', 'pup'], gloss: 'a young dog',
      pointers: [{ symbol: '@', offset: 1324834, pos: 'n' }, { symbol: '~i', offset: 2086723, pos: 'a' }],
    });
    const many = parseDataLine(`00001740 03 n 0a ${Array.from({ length: 10 }, (_, i) => `w${i} 0`).join(' ')} 000 | ten words`);
    expect(many?.words).toHaveLength(10);
    expect(parseDataLine('00001740 03 n 02 only_one 0 000 | truncated')).toBeNull();
  });
});

describe('SortedLineFile', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-words-'));
  const file = path.join(dir, 'index.test');
  const words = Array.from({ length: 3000 }, (_, i) => `w${String(i).padStart(5, '0')}${'x'.repeat(i % 37)}`).sort();
  writeFileSync(file, `  1 licence header line\n  2 another\n${words.map((w, i) => `${w} n ${i}`).join('\n')}\n`);
  const f = new SortedLineFile(file);
  afterAll(() => f.close());

  it('finds every line by its first word, first and last included, and nothing else', () => {
    for (const [i, w] of words.entries()) if (i % 7 === 0 || i === words.length - 1) expect(f.find(w)).toBe(`${w} n ${i}`);
    expect(f.find('a')).toBeNull();
    expect(f.find('zzz')).toBeNull();
    expect(f.find('w00001')).toBeNull(); // a prefix of a word is not the word
    expect(f.find('')).toBeNull();
  });
});

describe('WordNet and related words', () => {
  const wn = new WordNet();
  const related = new RelatedWords(wn);
  afterAll(() => wn.close());

  it('reads lemmas and synsets from the packaged database', () => {
    const entry = wn.entry('puppy', 'n');
    expect(entry?.offsets.length).toBeGreaterThan(0);
    const first = wn.synset(entry?.offsets[0] ?? -1, 'n');
    expect(first?.words).toContain('puppy');
    expect(wn.entry('notaword', 'n')).toBeNull();
  });

  it('undoes inflections (morphy rules)', () => {
    expect(wn.baseForms('puppies', 'n')).toContain('puppy');
    expect(wn.baseForms('running', 'v')).toContain('run');
    expect(wn.baseForms('beaches', 'n')).toContain('beach');
  });

  it('"puppy" reaches "dog" (broader) and "dog" reaches "puppy" (narrower)', () => {
    const fromPuppy = new Map(related.of('puppy').map((r) => [r.word, r]));
    expect(fromPuppy.get('dog')?.relation).toBe('broader');
    const fromDog = new Map(related.of('dog').map((r) => [r.word, r]));
    expect(fromDog.get('puppy')?.relation).toBe('narrower');
    expect(related.of('ocean').map((r) => r.word)).toContain('sea');
    // The word itself is strongest; relatives are weaker; vague ancestors are left out.
    const list = related.of('puppy');
    expect(list[0]).toMatchObject({ word: 'puppy', weight: 1 });
    expect(list.every((r, i) => i === 0 || r.weight < 1)).toBe(true);
    expect(list.map((r) => r.word)).not.toContain('organism');
  });
});

describe('tokens', () => {
  it('keeps meaning words from sentences and file names', () => {
    expect(contentWords("The puppy's first day at the beach!")).toEqual(['puppy', 'day', 'beach']);
    expect(nameWords('IMG_2034 DogPark-final_v2')).toEqual(['dog', 'park']);
    expect(stem('puppies')).toBe(stem('puppy'));
  });
});
