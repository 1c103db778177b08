/**
 * Splits spoken lines into caption chunks of a few words: short enough to read at a glance on
 * a phone. Each chunk is voiced separately, so its timing on screen is exact. Words are never
 * split and keep their punctuation; a chunk never straddles two sentences.
 */
export interface CaptionChunk {
  text: string;
  /** The chunk's words in order; for unspaced scripts (Chinese, Japanese) its characters. */
  words: string[];
  /** Which sentence of the script the chunk belongs to (0 = the first; shots cut on these). */
  sentence: number;
}

export interface ChunkOptions {
  /** At most this many words per chunk (3–4 reads best). */
  maxWords: number;
  /** At most this many characters per chunk, unless a single word is longer. */
  maxChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: Readonly<ChunkOptions> = { maxWords: 3, maxChars: 18 };

/** Han, kana and other scripts written without spaces between words (Korean uses spaces: not here). */
const UNSPACED = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff\u0e00-\u0e7f]/u;
/** Sentence end: punctuation followed by a space or the end (so "3.5" and "e.g.x" stay whole). */
const SENTENCE_END = /(?<=[.!?…。！？])(?:\s+|$)|(?<=[。！？])/u;
/** Punctuation after which an unspaced script may break. */
const CJK_BREAK = /[。！？、，；：,.!?;:]/u;
/** Closing marks that must not start a chunk. */
const NO_LINE_START = /^[。！？、，；：」』）〕】》〉”’,.!?;:)]/u;

type Unnumbered = Omit<CaptionChunk, 'sentence'>;

function splitUnspaced(sentence: string, maxChars: number): Unnumbered[] {
  const chars = Array.from(sentence.replace(/\s+/g, ''));
  const out: Unnumbered[] = [];
  let cur: string[] = [];
  const flush = (): void => {
    if (cur.length) out.push({ text: cur.join(''), words: cur });
    cur = [];
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    cur.push(ch);
    const next = chars[i + 1];
    // Keep closing punctuation with the text it closes.
    if (next !== undefined && NO_LINE_START.test(next)) continue;
    if (cur.length >= maxChars || (CJK_BREAK.test(ch) && cur.length >= 3)) flush();
  }
  flush();
  // A dangling one-character tail reads badly: give it to the previous chunk.
  const last = out.at(-1);
  const prev = out.at(-2);
  if (last && prev && last.words.length === 1) {
    out.splice(-2, 2, { text: prev.text + last.text, words: [...prev.words, ...last.words] });
  }
  return out;
}

function splitSpaced(sentence: string, o: ChunkOptions): Unnumbered[] {
  const out: Unnumbered[] = [];
  let words: string[] = [];
  const flush = (): void => {
    if (words.length) out.push({ text: words.join(' '), words });
    words = [];
  };
  for (const w of sentence.split(' ')) {
    if (w === '') continue;
    const next = [...words, w];
    if (words.length > 0 && (next.length > o.maxWords || next.join(' ').length > o.maxChars)) flush();
    words.push(w);
    // A comma, semicolon or colon is a natural breath: end the chunk there.
    if (/[,;:，、]$/u.test(w) && words.length >= 2) flush();
  }
  flush();
  return out;
}

/** Lines of a script → caption chunks, in order. Blank lines are skipped. */
export function chunkScript(lines: string[], options: Partial<ChunkOptions> = {}): CaptionChunk[] {
  const o: ChunkOptions = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  const chunks: CaptionChunk[] = [];
  let index = 0;
  for (const raw of lines) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    for (const s of line.split(SENTENCE_END)) {
      const sentence = s.trim();
      if (!sentence) continue;
      // Wide glyphs: about half as many fit on a line as Latin letters.
      const parts = UNSPACED.test(sentence) && !sentence.includes(' ')
        ? splitUnspaced(sentence, Math.max(4, Math.floor(o.maxChars / 2)))
        : splitSpaced(sentence, o);
      for (const part of parts) chunks.push({ ...part, sentence: index });
      index++;
    }
  }
  return chunks;
}

/** The words of one chunk's text, as chunkScript would split them (used by the karaoke timing). */
export function wordsOf(text: string): string[] {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return [];
  if (UNSPACED.test(t) && !t.includes(' ')) return Array.from(t);
  return t.split(' ');
}
