import type { TimedSpan, TimedWord } from '../../voice/types.js';
import { wordsOf } from './chunk.js';

export type { TimedWord };

/** A voice chunk placed on the voice's timeline (the voice stage's output). */
export interface TrackChunk extends TimedSpan {
  text: string;
  /** The script sentence the chunk belongs to (see chunkScript). */
  sentence: number;
}

/** A word on the voice's timeline, with the index of its chunk. */
export interface TrackWord extends TimedWord {
  chunk: number;
}

export interface TimedChunk {
  text: string;
  /** When the chunk is on screen. */
  startMs: number;
  endMs: number;
  /** When each word is being spoken (karaoke highlight); consecutive, inside the voice span. */
  words: TimedWord[];
}

/**
 * How long a word takes to say, roughly: syllables for alphabetic words (vowel groups), one
 * per character for syllabic/logographic scripts, one per digit (numbers are read out), plus
 * a small base so short words stay visible, and a pause after punctuation.
 */
export function wordWeight(word: string): number {
  const letters = word.replace(/[^\p{L}\p{N}]/gu, '');
  let units: number;
  if (/^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}]+$/u.test(letters)) {
    units = Math.max(1, (letters.toLowerCase().match(/[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœаеёиоуыэюяαεηιοωυ]+/gu) ?? []).length);
  } else {
    units = Math.max(1, Array.from(letters).length);
  }
  const pause = /[.!?…。！？]$/u.test(word) ? 0.6 : /[,;:，、；：—]$/u.test(word) ? 0.3 : 0;
  return units + 0.5 + pause;
}

/**
 * Karaoke timing. Each chunk's exact span comes from its own synthesis; it is shared among the
 * chunk's words in proportion to wordWeight. A chunk stays on screen until the next one starts
 * (no blinking off between chunks) and the last one lingers `holdLastMs`. Everything is
 * monotonic: a word never starts before the previous one, a chunk never before the previous.
 */
export function timeChunks(chunks: string[], spans: TimedSpan[], holdLastMs = 400): TimedChunk[] {
  const words = trackWords(chunks, spans);
  const ordered = monotonicSpans(spans);
  return pagesFromTrack(chunks.map((text, i) => ({ text, sentence: 0, ...(ordered[i] as TimedSpan) })), words, holdLastMs);
}

/** Spans clamped into order, so bad input can't produce time running backwards. */
function monotonicSpans(spans: readonly TimedSpan[]): TimedSpan[] {
  const fixed: TimedSpan[] = [];
  let floor = 0;
  for (const s of spans) {
    const startMs = Math.max(floor, Math.round(s.startMs));
    const endMs = Math.max(startMs, Math.round(s.endMs));
    fixed.push({ startMs, endMs });
    floor = endMs;
  }
  return fixed;
}

/**
 * Every word of the voice on one timeline: the engine's own timings for a chunk where it
 * reported them (one per word of the chunk, as `wordsOf` splits it), otherwise the chunk's
 * exact span shared among its words by wordWeight. Monotonic and inside each chunk's span.
 */
export function trackWords(chunks: readonly string[], spans: readonly TimedSpan[], engine?: readonly (readonly TimedWord[] | null | undefined)[]): TrackWord[] {
  if (chunks.length !== spans.length) {
    throw new Error(`caption timing: ${chunks.length} chunks but ${spans.length} voice spans`);
  }
  const fixed = monotonicSpans(spans);
  const out: TrackWord[] = [];
  chunks.forEach((text, i) => {
    const span = fixed[i] as TimedSpan;
    const words = wordsOf(text);
    const given = engine?.[i];
    const timed = given && given.length === words.length ? clampWords(words, given, span) : distribute(words, span);
    for (const w of timed) out.push({ ...w, chunk: i });
  });
  return out;
}

/** Engine word times kept in order, never overlapping, inside the chunk's span; the text stays the script's. */
function clampWords(words: readonly string[], given: readonly TimedWord[], span: TimedSpan): TimedWord[] {
  let floor = span.startMs;
  return words.map((text, j) => {
    const g = given[j] as TimedWord;
    const startMs = Math.min(span.endMs, Math.max(floor, Math.round(g.startMs)));
    const endMs = Math.min(span.endMs, Math.max(startMs, Math.round(g.endMs)));
    floor = endMs;
    return { text, startMs, endMs };
  });
}

/**
 * Caption pages from the voice track: one page per voice chunk, on screen from its first word
 * until the next page starts (no blinking off between pages); the last one lingers
 * `holdLastMs`. A word is highlighted from its start until the next word starts.
 */
export function pagesFromTrack(chunks: readonly TrackChunk[], words: readonly TrackWord[], holdLastMs = 400): TimedChunk[] {
  const byChunk = new Map<number, TimedWord[]>();
  for (const w of words) {
    const list = byChunk.get(w.chunk) ?? [];
    list.push({ text: w.text, startMs: w.startMs, endMs: w.endMs });
    byChunk.set(w.chunk, list);
  }
  return chunks.map((c, i) => {
    const next = chunks[i + 1];
    return {
      text: c.text,
      startMs: c.startMs,
      endMs: next ? Math.max(c.endMs, next.startMs) : c.endMs + holdLastMs,
      words: byChunk.get(i) ?? [],
    };
  });
}

/** Split one span among words by weight; integer ms, contiguous, last word ends at the span's end. */
export function distribute(words: string[], span: TimedSpan): TimedWord[] {
  const weights = words.map(wordWeight);
  const total = weights.reduce((a, b) => a + b, 0);
  const dur = span.endMs - span.startMs;
  let acc = 0;
  let start = span.startMs;
  return words.map((text, j) => {
    acc += weights[j] as number;
    const end = j === words.length - 1 ? span.endMs : span.startMs + Math.round((dur * acc) / total);
    const w = { text, startMs: start, endMs: Math.max(start, end) };
    start = w.endMs;
    return w;
  });
}
