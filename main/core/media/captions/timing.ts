import type { TimedSpan } from '../../voice/types.js';
import { wordsOf } from './chunk.js';

export interface TimedWord {
  text: string;
  startMs: number;
  endMs: number;
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
  if (chunks.length !== spans.length) {
    throw new Error(`caption timing: ${chunks.length} chunks but ${spans.length} voice spans`);
  }
  // Clamp the spans into order first, so bad input can't produce time running backwards.
  const fixed: TimedSpan[] = [];
  let floor = 0;
  for (const s of spans) {
    const startMs = Math.max(floor, Math.round(s.startMs));
    const endMs = Math.max(startMs, Math.round(s.endMs));
    fixed.push({ startMs, endMs });
    floor = endMs;
  }
  return chunks.map((text, i) => {
    const span = fixed[i] as TimedSpan;
    const next = fixed[i + 1];
    return {
      text,
      startMs: span.startMs,
      endMs: next ? Math.max(span.endMs, next.startMs) : span.endMs + holdLastMs,
      words: distribute(wordsOf(text), span),
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
