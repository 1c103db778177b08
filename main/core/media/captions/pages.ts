/**
 * Caption pages: the voice's timed words regrouped by the caption style (words per caption, or
 * characters per line × lines). The voice is synthesised per voice chunk, independently of the
 * style, so restyling a batch never re-voices it: only this grouping (and the burn-in) changes.
 *
 * A page never spans two sentences, never bridges a long pause, and stays on screen until the
 * next page starts when the next one follows closely (no blinking off between pages).
 */

export interface SpokenWord {
  text: string;
  /** Absolute times in the voice track. */
  startMs: number;
  endMs: number;
  /** Index of the voice chunk the word belongs to. */
  chunk: number;
}

export interface SpokenChunk {
  text: string;
  /** Running sentence index over the script (the hook is sentence 0). */
  sentence: number;
  startMs: number;
  endMs: number;
}

export interface PageWord {
  text: string;
  startMs: number;
  endMs: number;
}

export interface CaptionPage {
  startMs: number;
  endMs: number;
  sentence: number;
  words: PageWord[];
  /** The page's words split into lines, in reading order. */
  lines: PageWord[][];
  /** Words are joined without spaces (Chinese, Japanese, Thai). */
  unspaced: boolean;
}

export type PageLayout = { wordsPerCaption: number } | { charsPerLine: number; lines: number };

export interface PaginateOptions {
  layout: PageLayout;
  /**
   * Width of a line of text in the unit `maxLineWidth` is in. With charsPerLine the unit is
   * characters (wide glyphs count two) and maxLineWidth is the style's charsPerLine.
   */
  lineWidth?: (text: string) => number;
  maxLineWidth?: number;
  /** A pause longer than this between two words starts a new page. */
  maxGapMs?: number;
  /** How long the last page of a run stays after its last word. */
  holdMs?: number;
}

/** Han, kana and Thai: written without spaces between words. */
const UNSPACED = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff\u0e00-\u0e7f]/u;
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
/** Marks that must not start a line (kinsoku shori) or a page. */
const NO_LINE_START = /^[。！？、，；：」』）〕】》〉”’,.!?;:)\]…ー]/u;
const CLAUSE_END = /[,;:，、；：—]$/u;

export const DEFAULT_MAX_GAP_MS = 650;
export const DEFAULT_HOLD_MS = 400;

/** Characters-per-line units: a wide (CJK) glyph counts as two. */
export function charUnits(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

export function isUnspaced(text: string): boolean {
  return UNSPACED.test(text) && !/\s/.test(text.trim());
}

export function joinWords(words: readonly { text: string }[], unspaced: boolean): string {
  return words.map((w) => w.text).join(unspaced ? '' : ' ');
}

/** Times in order and non-negative, so bad input can never make time run backwards. */
function monotonic(words: readonly SpokenWord[]): SpokenWord[] {
  let floor = 0;
  return words.map((w) => {
    const startMs = Math.max(floor, Math.round(w.startMs));
    const endMs = Math.max(startMs, Math.round(w.endMs));
    floor = startMs;
    return { ...w, startMs, endMs };
  });
}

// Made on first use: ICU's word-break dictionaries take ~25 ms to load, which a start that only
// serves a cached video should not pay.
let segmenter: Intl.Segmenter | null = null;
const wordSegmenter = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' }));

/**
 * Unspaced scripts are timed per character; readers read words. Characters are merged into the
 * words ICU's dictionary finds (Chinese well, Japanese roughly), each timed from its first
 * character's start to its last one's end; punctuation joins the word before it.
 */
export function displayWords(words: readonly SpokenWord[]): SpokenWord[] {
  const out: SpokenWord[] = [];
  let i = 0;
  const ordered = monotonic(words);
  while (i < ordered.length) {
    const chunk = ordered[i]?.chunk ?? 0;
    let j = i;
    while (j < ordered.length && ordered[j]?.chunk === chunk) j++;
    const group = ordered.slice(i, j);
    const text = group.map((w) => w.text).join('');
    const singleChars = group.every((w) => Array.from(w.text).length === 1);
    if (!singleChars || !isUnspaced(text)) {
      out.push(...group);
      i = j;
      continue;
    }
    let k = 0;
    for (const seg of wordSegmenter().segment(text)) {
      const n = Array.from(seg.segment).length;
      const parts = group.slice(k, k + n);
      k += n;
      const first = parts[0];
      const last = parts.at(-1);
      if (!first || !last) continue;
      const prev = out.at(-1);
      if (!seg.isWordLike && prev && prev.chunk === chunk) {
        prev.text += seg.segment;
        prev.endMs = Math.max(prev.endMs, last.endMs);
      } else {
        out.push({ text: seg.segment, startMs: first.startMs, endMs: last.endMs, chunk });
      }
    }
    i = j;
  }
  return out;
}

/** Lines a greedy fill needs (a word wider than the line gets a line of its own). */
export function countLines(words: readonly { text: string }[], unspaced: boolean, width: (text: string) => number, max: number): number {
  let count = words.length > 0 ? 1 : 0;
  let cur: { text: string }[] = [];
  for (const w of words) {
    const next = [...cur, w];
    if (cur.length > 0 && width(joinWords(next, unspaced)) > max && !NO_LINE_START.test(w.text)) {
      count++;
      cur = [w];
    } else cur = next;
  }
  return count;
}

/** Fewest lines, then the most even split (the top line may be the wider one). */
export function breakLines<W extends { text: string }>(words: readonly W[], unspaced: boolean, width: (text: string) => number, max: number, maxLines: number): W[][] {
  if (words.length === 0) return [];
  const fits = (line: readonly W[]): boolean => line.length <= 1 || width(joinWords(line, unspaced)) <= max;
  const canStart = (w: W | undefined): boolean => w === undefined || !NO_LINE_START.test(w.text);
  const n = Math.min(countLines(words, unspaced, width, max), maxLines, words.length);
  if (n === 1) return [[...words]];
  // Try every split into n lines (pages hold a few words: at most a few hundred tries).
  let best: W[][] | null = null;
  let bestCost = Infinity;
  const visit = (start: number, left: number, acc: W[][]): void => {
    if (left === 1) {
      const last = words.slice(start);
      if (!canStart(last[0])) return;
      const lines = [...acc, last];
      const widths = lines.map((l) => width(joinWords(l, unspaced)));
      const overflow = lines.some((l) => !fits(l)) ? 1e9 : 0;
      // Narrowest widest line first; among those, the most even lines; then a top line at
      // least as wide as the last (reads like a title, not a dangling tail).
      const widest = Math.max(...widths);
      const unevenness = widths.reduce((a, w) => a + (widest - w) ** 2, 0) / Math.max(1, widest);
      const cost = overflow + Math.round(widest) * 1e3 + unevenness + ((widths.at(-1) ?? 0) > (widths[0] ?? 0) ? 0.5 : 0);
      if (cost < bestCost) {
        bestCost = cost;
        best = lines;
      }
      return;
    }
    for (let end = start + 1; end <= words.length - (left - 1); end++) {
      const line = words.slice(start, end);
      if (!canStart(line[0])) continue;
      visit(end, left - 1, [...acc, line]);
    }
  };
  visit(0, n, []);
  return best ?? [[...words]];
}

/** Timed words (+ their chunks' sentence numbers) → caption pages for the style's layout. */
export function paginate(spoken: readonly SpokenWord[], chunks: readonly SpokenChunk[], o: PaginateOptions): CaptionPage[] {
  const words = displayWords(spoken);
  const maxGap = o.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  const hold = o.holdMs ?? DEFAULT_HOLD_MS;
  const byChars = 'charsPerLine' in o.layout;
  const width = byChars ? charUnits : (o.lineWidth ?? charUnits);
  const maxWidth = 'charsPerLine' in o.layout ? o.layout.charsPerLine : (o.maxLineWidth ?? Infinity);
  const maxLines = 'charsPerLine' in o.layout ? o.layout.lines : 3;
  const sentenceOf = (w: SpokenWord): number => chunks[w.chunk]?.sentence ?? w.chunk;

  const groups: { sentence: number; words: SpokenWord[]; unspaced: boolean }[] = [];
  let cur: SpokenWord[] = [];
  const flush = (): void => {
    const first = cur[0];
    if (first) groups.push({ sentence: sentenceOf(first), words: cur, unspaced: isUnspaced(chunks[first.chunk]?.text ?? joinWords(cur, true)) });
    cur = [];
  };
  for (const w of words) {
    const prev = cur.at(-1);
    if (prev) {
      const newSentence = sentenceOf(prev) !== sentenceOf(w);
      const pause = w.startMs - prev.endMs > maxGap;
      let full: boolean;
      if ('wordsPerCaption' in o.layout) full = cur.length >= o.layout.wordsPerCaption;
      else {
        const unspaced = isUnspaced(chunks[w.chunk]?.text ?? w.text);
        full = countLines([...cur, w], unspaced, width, maxWidth) > o.layout.lines;
      }
      // A clause mark is a natural place to turn the page once it is at least half full.
      const capacity = 'wordsPerCaption' in o.layout ? o.layout.wordsPerCaption : Infinity;
      const clause = CLAUSE_END.test(prev.text) && cur.length >= Math.max(2, Math.ceil(capacity / 2));
      if ((newSentence || pause || full || clause) && !NO_LINE_START.test(w.text)) flush();
    }
    cur.push(w);
  }
  flush();

  return groups.map((g, i) => {
    const first = g.words[0] as SpokenWord;
    const last = g.words.at(-1) as SpokenWord;
    const next = groups[i + 1]?.words[0];
    const endMs = next && next.startMs - last.endMs <= maxGap ? Math.max(last.endMs, next.startMs) : last.endMs + hold;
    const pageWords: PageWord[] = g.words.map((w) => ({ text: w.text, startMs: w.startMs, endMs: w.endMs }));
    return {
      startMs: first.startMs,
      endMs: next ? Math.min(endMs, Math.max(last.endMs, next.startMs)) : endMs,
      sentence: g.sentence,
      words: pageWords,
      lines: breakLines(pageWords, g.unspaced, width, maxWidth, maxLines),
      unspaced: g.unspaced,
    };
  });
}
