/**
 * WordNet's database lines, parsed (the format is wndb(5): https://wordnet.princeton.edu/documentation/wndb5wn).
 * Pure: a line in, a record out. Only what matching needs is kept: a lemma's synsets in sense
 * order (most frequent first), and a synset's words and pointers.
 */

export type WordNetPos = 'n' | 'v' | 'a' | 'r';

export interface IndexEntry {
  lemma: string;
  pos: WordNetPos;
  /** Byte offsets of the lemma's synsets in data.<pos>, most frequent sense first. */
  offsets: number[];
}

export interface Pointer {
  /** '@' hypernym, '@i' instance hypernym, '~' hyponym, '~i' instance hyponym, '&' similar to, … */
  symbol: string;
  offset: number;
  pos: WordNetPos;
}

export interface Synset {
  offset: number;
  pos: WordNetPos;
  /** Lemmas with spaces as '_' and adjective markers ("(a)", "(p)", "(ip)") removed. */
  words: string[];
  pointers: Pointer[];
  gloss: string;
}

function toPos(s: string | undefined): WordNetPos | null {
  // 's' (adjective satellite) lives in data.adj with the head adjectives.
  if (s === 'n' || s === 'v' || s === 'a' || s === 'r') return s;
  if (s === 's') return 'a';
  return null;
}

/** `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...` */
export function parseIndexLine(line: string): IndexEntry | null {
  if (line.startsWith(' ')) return null; // the licence header
  const f = line.trim().split(/\s+/);
  const lemma = f[0];
  const pos = toPos(f[1]);
  const synsetCount = Number(f[2]);
  const pointerCount = Number(f[3]);
  if (lemma === undefined || pos === null || !Number.isInteger(synsetCount) || !Number.isInteger(pointerCount)) return null;
  const first = 4 + pointerCount + 2; // after the pointer symbols, sense_cnt and tagsense_cnt
  const offsets = f.slice(first, first + synsetCount).map(Number);
  if (offsets.length !== synsetCount || offsets.some((o) => !Number.isInteger(o))) return null;
  return { lemma, pos, offsets };
}

/**
 * `synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt [ptr...] [frames...] | gloss`
 * w_cnt and lex_id are hexadecimal; p_cnt is decimal; each pointer is `symbol offset pos source/target`.
 */
export function parseDataLine(line: string): Synset | null {
  if (line.startsWith(' ')) return null;
  const bar = line.indexOf(' | ');
  const gloss = bar >= 0 ? line.slice(bar + 3).trim() : '';
  const f = (bar >= 0 ? line.slice(0, bar) : line).trim().split(/\s+/);
  const offset = Number(f[0]);
  const pos = toPos(f[2]);
  const wordCount = parseInt(f[3] ?? '', 16);
  if (!Number.isInteger(offset) || pos === null || !Number.isInteger(wordCount)) return null;
  const words: string[] = [];
  let i = 4;
  for (let w = 0; w < wordCount; w++, i += 2) {
    const word = f[i];
    if (word === undefined) return null;
    words.push(word.replace(/\((a|p|ip)\)$/, ''));
  }
  const pointerCount = Number(f[i]);
  if (!Number.isInteger(pointerCount)) return null;
  i += 1;
  const pointers: Pointer[] = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const symbol = f[i];
    const target = Number(f[i + 1]);
    const targetPos = toPos(f[i + 2]);
    if (symbol === undefined || !Number.isInteger(target) || targetPos === null) return null;
    pointers.push({ symbol, offset: target, pos: targetPos });
  }
  return { offset, pos, words, pointers, gloss };
}
