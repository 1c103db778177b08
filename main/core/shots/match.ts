/**
 * How well a picture's words fit a stretch of narration (pure). The narration's content words
 * are expanded with WordNet relatives (weighted by closeness); a picture's tags (from its file
 * and folder names, sidecar and description) are stems with weights. The score is the share of
 * the narration's meaning the tags cover, rarer tags counting more (IDF over the library), in
 * 0..1. With embeddings, cosine similarity ranks and this score breaks ties.
 */
import type { RelatedWords } from '../words/related-words.js';
import { contentWords, stem } from '../words/tokens.js';

export interface QueryTerm {
  /** The narration's word this term came from. */
  from: string;
  /** The related word itself (the same as `from` for the word itself). */
  word: string;
  weight: number;
}

/** Stem → the strongest way the narration reaches it. */
export type Query = Map<string, QueryTerm>;

export interface Tag {
  word: string;
  /** 0..1: a file name word 1, a folder word less, a description word less still. */
  weight: number;
}

/** Stem → tag. */
export type TagSet = Map<string, Tag>;

export interface MatchScore {
  score: number;
  /** "dog ← puppy": the tag that matched and the narration word that reached it. */
  reason: string;
}

/** Words around the slot (its whole sentence) count, less than the slot's own words. */
const CONTEXT_WEIGHT = 0.5;

export function buildQuery(text: string, context: string, related: RelatedWords): Query {
  const q: Query = new Map();
  const add = (s: string, term: QueryTerm): void => {
    const prev = q.get(s);
    if (!prev || prev.weight < term.weight) q.set(s, term);
  };
  const own = contentWords(text);
  const ownStems = new Set(own.map(stem));
  const ctx = contentWords(context).filter((w) => !ownStems.has(stem(w)));
  for (const [list, k] of [[own, 1], [ctx, CONTEXT_WEIGHT]] as const) {
    for (const w of list) {
      for (const r of related.of(w)) add(r.stem, { from: w, word: r.word, weight: r.weight * k });
    }
  }
  return q;
}

/** Stems of the narration itself (weight-1 terms): what the score is a share of. */
function ownTerms(q: Query): [string, QueryTerm][] {
  return [...q.entries()].filter(([, t]) => t.word === t.from || stem(t.word) === stem(t.from));
}

export function tagsFromWords(words: readonly string[], weight: number, into: TagSet = new Map()): TagSet {
  for (const w of words) {
    const s = stem(w);
    const prev = into.get(s);
    if (!prev || prev.weight < weight) into.set(s, { word: w, weight });
  }
  return into;
}

/**
 * Share of the narration's words a picture's tags cover, 0..1. `idf(stem)` weighs rare tags up
 * (1 when unknown). Each narration word counts once, through its best tag.
 */
export function scoreTags(q: Query, tags: TagSet, idf: (stem: string) => number = () => 1): MatchScore {
  const own = ownTerms(q);
  if (own.length === 0 || tags.size === 0) return { score: 0, reason: '' };
  // Best contribution per narration word.
  const best = new Map<string, { value: number; tag: string; word: string }>();
  for (const [s, tag] of tags) {
    const term = q.get(s);
    if (!term) continue;
    const value = term.weight * tag.weight * idf(s);
    const prev = best.get(term.from);
    if (!prev || prev.value < value) best.set(term.from, { value, tag: tag.word, word: term.from });
  }
  if (best.size === 0) return { score: 0, reason: '' };
  const total = own.reduce((sum, [s, t]) => sum + t.weight * idf(s), 0);
  const got = [...best.values()].reduce((sum, b) => sum + b.value, 0);
  const top = [...best.values()].sort((a, b) => b.value - a.value)[0] as { tag: string; word: string };
  const reason = top.tag === top.word || stem(top.tag) === stem(top.word) ? top.tag : `${top.tag} ← ${top.word}`;
  return { score: Math.min(1, got / Math.max(total, 1e-9)), reason };
}

/** Inverse document frequency over a library of `n` pictures: a tag on every clip says little. */
export function idfFrom(docFreq: ReadonlyMap<string, number>, n: number): (s: string) => number {
  const max = Math.log(1 + n);
  return (s) => {
    const df = docFreq.get(s) ?? 0;
    // Scaled to 1 for a tag on a single picture; never below 0.2 so a common tag still counts a little.
    return max === 0 ? 1 : Math.max(0.2, Math.log(1 + n / Math.max(1, df)) / max);
  };
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * One number per picture. With an embedding similarity it ranks (0.8) and the offline score
 * breaks ties (0.2); without one, the offline score alone.
 */
export function combinedScore(offline: number, similarity: number | null): number {
  if (similarity === null) return offline;
  return 0.8 * Math.max(0, similarity) + 0.2 * offline;
}
