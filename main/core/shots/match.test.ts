import { afterAll, describe, expect, it } from 'vitest';
import { RelatedWords } from '../words/related-words.js';
import { nameWords } from '../words/tokens.js';
import { WordNet } from '../words/wordnet.js';
import { buildQuery, combinedScore, cosine, idfFrom, scoreTags, tagsFromWords } from './match.js';

describe('matching narration to tags', () => {
  const wn = new WordNet();
  const related = new RelatedWords(wn);
  afterAll(() => wn.close());
  const tags = (name: string) => tagsFromWords(nameWords(name), 1);

  it('"puppy" finds dog-park.mp4 through WordNet, and says why', () => {
    const q = buildQuery('Every puppy needs a walk', '', related);
    const dog = scoreTags(q, tags('dog-park.mp4'));
    expect(dog.score).toBeGreaterThan(0);
    expect(dog.reason).toBe('dog ← puppy');
    expect(scoreTags(q, tags('city-traffic.mp4')).score).toBe(0);
  });

  it('a direct word beats a relative, the slot beats its context, and more coverage scores higher', () => {
    const q = buildQuery('The puppy sleeps', 'The puppy sleeps on the beach at sunset.', related);
    const direct = scoreTags(q, tags('puppy.mp4')).score;
    const relative = scoreTags(q, tags('dog.mp4')).score;
    const contextOnly = scoreTags(q, tags('beach.mp4')).score;
    const both = scoreTags(q, tags('sleeping-puppy.mp4')).score;
    expect(direct).toBeGreaterThan(relative);
    expect(relative).toBeGreaterThan(0);
    expect(contextOnly).toBeGreaterThan(0);
    expect(direct).toBeGreaterThan(contextOnly);
    expect(both).toBeGreaterThan(direct);
    expect(both).toBeLessThanOrEqual(1);
  });

  it('weighs a tag on every clip less than a rare one (IDF)', () => {
    const q = buildQuery('ocean waves', '', related);
    const idf = idfFrom(new Map([['ocean', 50], ['wave', 1]]), 50);
    const common = scoreTags(q, tags('ocean.mp4'), idf).score;
    const rare = scoreTags(q, tags('waves.mp4'), idf).score;
    expect(rare).toBeGreaterThan(common);
  });

  it('ranks by embedding similarity when there is one, the offline score breaking ties', () => {
    expect(cosine([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBeCloseTo(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(combinedScore(0.9, 0.2)).toBeLessThan(combinedScore(0, 0.5));
    expect(combinedScore(0.5, 0.4)).toBeGreaterThan(combinedScore(0.1, 0.4));
    expect(combinedScore(0.3, null)).toBe(0.3);
  });
});
