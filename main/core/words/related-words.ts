/**
 * A word and its relatives from WordNet, weighted by how close they are: the word itself,
 * synonyms (same synset), broader words (hypernyms, one and two levels up), narrower ones
 * (hyponyms, one level down), for adjectives similar words, and — weakly, from the commonest
 * sense — siblings (shore → beach) and the words of its definition (dusk → sunset). "puppy" →
 * dog (broader), so a sentence about a puppy finds `dog-park.mp4`; "dog" → puppy (narrower).
 * Common senses count more than rare ones. Computed once per word and remembered.
 */
import { contentWords, stem } from './tokens.js';
import type { WordNet } from './wordnet.js';
import type { Synset, WordNetPos } from './wordnet-format.js';

export type Relation = 'self' | 'synonym' | 'broader' | 'narrower' | 'similar' | 'sibling' | 'gloss';

export interface RelatedWord {
  word: string;
  /** Porter stem, the comparison key. */
  stem: string;
  /** 0..1: 1 for the word itself. */
  weight: number;
  relation: Relation;
}

const WEIGHT: Record<Exclude<Relation, 'self'>, number> = { synonym: 0.9, broader: 0.6, narrower: 0.55, similar: 0.6, sibling: 0.35, gloss: 0.3 };
/** Siblings (other kinds of the same broader thing: shore → beach) and gloss words (dusk: "…following sunset") come from the first sense only. */
const MAX_SIBLINGS = 30;
/** A second level up is vaguer: "puppy" → dog (0.6) → canine (0.6 × 0.65). */
const SECOND_LEVEL = 0.65;
/** Senses read per part of speech, most frequent first, and how much each later one counts. */
const SENSES: Record<WordNetPos, number> = { n: 3, v: 2, a: 2, r: 1 };
const SENSE_DECAY = 0.8;
const OTHER_POS = 0.5;
/** "animal" has hundreds of hyponyms: the first few are enough and keep lookups cheap. */
const MAX_NARROWER = 40;
/** Too broad to say anything about a picture. */
const VAGUE = new Set(['entity', 'physical_entity', 'abstraction', 'object', 'whole', 'thing', 'matter', 'unit', 'group', 'act', 'event', 'attribute', 'relation', 'measure', 'state', 'psychological_feature', 'causal_agent', 'organism', 'being', 'artifact', 'artefact', 'location', 'change', 'be', 'have', 'do', 'make', 'get', 'move', 'person', 'individual', 'someone', 'somebody', 'mortal', 'soul']);

export class RelatedWords {
  private readonly memo = new Map<string, RelatedWord[]>();

  constructor(private readonly wordnet: WordNet) {}

  /** Whether WordNet knows the word (or a form of it) as a noun: a thing a picture can show. */
  isNoun(word: string): boolean {
    return this.wordnet.baseForms(word.toLowerCase(), 'n').length > 0;
  }

  /** The word and its relatives, strongest first, one entry per stem (the strongest). */
  of(word: string): RelatedWord[] {
    const w = word.toLowerCase();
    const known = this.memo.get(w);
    if (known) return known;
    const best = new Map<string, RelatedWord>();
    const add = (lemma: string, weight: number, relation: Relation): void => {
      // Multi-word lemmas ("domestic_dog") match file names word by word poorly; the head word alone is too loose.
      if (lemma.includes('_') || VAGUE.has(lemma)) return;
      const s = stem(lemma);
      const prev = best.get(s);
      if (!prev || prev.weight < weight) best.set(s, { word: lemma, stem: s, weight, relation });
    };
    add(w, 1, 'self');
    best.set(stem(w), { word: w, stem: stem(w), weight: 1, relation: 'self' });

    // A word that is mostly a noun ("dog") is a verb ("to dog") only rarely: later parts of speech count less.
    let posFactor = 1;
    for (const pos of ['n', 'v', 'a'] as WordNetPos[]) {
      const bases = this.wordnet.baseForms(w, pos);
      for (const base of bases) {
        if (base !== w) add(base, 1, 'self');
        const entry = this.wordnet.entry(base, pos);
        entry?.offsets.slice(0, SENSES[pos]).forEach((offset, rank) => {
          const synset = this.wordnet.synset(offset, pos);
          if (!synset) return;
          this.addSynset(synset, posFactor * SENSE_DECAY ** rank, add);
          if (rank === 0 && pos !== 'a') this.addLoose(synset, posFactor, add);
        });
      }
      if (bases.length > 0) posFactor *= OTHER_POS;
    }
    const list = [...best.values()].sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word));
    if (this.memo.size > 20_000) this.memo.clear();
    this.memo.set(w, list);
    return list;
  }

  private addLoose(s: Synset, k: number, add: (lemma: string, weight: number, relation: Relation) => void): void {
    for (const w of contentWords(s.gloss.split(';')[0] ?? '')) add(w, WEIGHT.gloss * k, 'gloss');
    const up = s.pointers.find((p) => p.symbol === '@' || p.symbol === '@i');
    const parent = up ? this.wordnet.synset(up.offset, up.pos) : null;
    let n = 0;
    for (const p of parent?.pointers ?? []) {
      if ((p.symbol !== '~' && p.symbol !== '~i') || p.offset === s.offset) continue;
      if (n++ >= MAX_SIBLINGS) break;
      for (const x of this.wordnet.synset(p.offset, p.pos)?.words ?? []) add(x.toLowerCase(), WEIGHT.sibling * k, 'sibling');
    }
  }

  private addSynset(s: Synset, k: number, add: (lemma: string, weight: number, relation: Relation) => void): void {
    for (const syn of s.words) add(syn.toLowerCase(), WEIGHT.synonym * k, 'synonym');
    let narrower = 0;
    for (const p of s.pointers) {
      if (p.symbol === '@' || p.symbol === '@i') {
        const up = this.wordnet.synset(p.offset, p.pos);
        if (!up) continue;
        for (const x of up.words) add(x.toLowerCase(), WEIGHT.broader * k, 'broader');
        for (const q of up.pointers) {
          if (q.symbol !== '@' && q.symbol !== '@i') continue;
          const up2 = this.wordnet.synset(q.offset, q.pos);
          for (const x of up2?.words ?? []) add(x.toLowerCase(), WEIGHT.broader * SECOND_LEVEL * k, 'broader');
        }
      } else if ((p.symbol === '~' || p.symbol === '~i') && narrower < MAX_NARROWER) {
        const down = this.wordnet.synset(p.offset, p.pos);
        narrower++;
        for (const x of down?.words ?? []) add(x.toLowerCase(), WEIGHT.narrower * k, 'narrower');
      } else if (p.symbol === '&') {
        const sim = this.wordnet.synset(p.offset, p.pos);
        for (const x of sim?.words ?? []) add(x.toLowerCase(), WEIGHT.similar * k, 'similar');
      }
    }
  }
}

let shared: RelatedWords | null = null;

/** One WordNet reader per process: its answers are remembered, so every search shares them. */
export async function sharedRelatedWords(): Promise<RelatedWords> {
  if (!shared) {
    const { WordNet } = await import('./wordnet.js');
    shared = new RelatedWords(new WordNet());
  }
  return shared;
}
