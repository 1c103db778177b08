/**
 * Pure: puts the script's own words on someone else's timeline. An engine's word events (Edge,
 * ElevenLabs) or a transcription's words rarely split text the way the script does: "1,000"
 * may come back as two words, an em dash as none, Chinese as one run, "gonna" for "going to".
 * So the match is made on letters, not on words: both sides become lower-case letters and
 * digits, each timed letter gets its share of its word's time, the two letter strings are
 * aligned by edit distance, and each script word takes the times of the letters it matched.
 * Words that matched nothing (a dash, a word the recogniser missed) share the gap around them
 * by syllable weight. The result is monotonic and one entry per script word.
 */
import { wordWeight } from '../media/captions/timing.js';
import type { TimedWord } from './types.js';

function letters(word: string): string[] {
  return Array.from(word.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''));
}

interface TimedLetter {
  ch: string;
  startMs: number;
  endMs: number;
}

function timedLetters(words: readonly TimedWord[]): TimedLetter[] {
  const out: TimedLetter[] = [];
  for (const w of words) {
    const ls = letters(w.text);
    const d = Math.max(0, w.endMs - w.startMs);
    ls.forEach((ch, k) => out.push({ ch, startMs: w.startMs + (d * k) / ls.length, endMs: w.startMs + (d * (k + 1)) / ls.length }));
  }
  return out;
}

/** Levenshtein alignment: for each letter of `a`, the index of the letter of `b` it matched or replaced (−1: none). */
function alignLetters(a: readonly string[], b: readonly string[]): Int32Array {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const cost = new Int32Array((n + 1) * w);
  for (let i = 0; i <= n; i++) cost[i * w] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = (cost[(i - 1) * w + j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const del = (cost[(i - 1) * w + j] as number) + 1;
      const ins = (cost[i * w + j - 1] as number) + 1;
      cost[i * w + j] = Math.min(sub, del, ins);
    }
  }
  const match = new Int32Array(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = cost[i * w + j] as number;
    if (here === (cost[(i - 1) * w + j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      match[i - 1] = j - 1;
      i--;
      j--;
    } else if (here === (cost[(i - 1) * w + j] as number) + 1) {
      i--;
    } else {
      j--;
    }
  }
  return match;
}

/**
 * The script's words with times taken from `timed` (null when `timed` has no letters at all).
 * `bounds` keeps every word inside a span (a voice chunk, the recording).
 */
export function projectWords(script: readonly string[], timed: readonly TimedWord[], bounds?: { startMs: number; endMs: number }): TimedWord[] | null {
  const source = timedLetters(timed);
  if (source.length === 0 || script.length === 0) return null;
  const perWord = script.map(letters);
  const flat = perWord.flat();
  const match = alignLetters(flat, source.map((l) => l.ch));
  const found: ({ startMs: number; endMs: number } | null)[] = [];
  let at = 0;
  for (const ls of perWord) {
    let start = Infinity;
    let end = -Infinity;
    for (let k = 0; k < ls.length; k++) {
      const j = match[at + k] as number;
      if (j >= 0) {
        const l = source[j] as TimedLetter;
        start = Math.min(start, l.startMs);
        end = Math.max(end, l.endMs);
      }
    }
    at += ls.length;
    found.push(Number.isFinite(start) ? { startMs: start, endMs: end } : null);
  }
  const lo = bounds?.startMs ?? Math.min(...timed.map((t) => t.startMs));
  const hi = bounds?.endMs ?? Math.max(...timed.map((t) => t.endMs));
  return fillGaps(script, found, lo, hi);
}

/** Unmatched words share the time between their matched neighbours, by weight; everything monotonic and in bounds. */
function fillGaps(script: readonly string[], found: readonly ({ startMs: number; endMs: number } | null)[], lo: number, hi: number): TimedWord[] {
  const out: TimedWord[] = [];
  let i = 0;
  let floor = lo;
  while (i < script.length) {
    const f = found[i];
    if (f) {
      const startMs = Math.round(Math.min(hi, Math.max(floor, f.startMs)));
      const endMs = Math.round(Math.min(hi, Math.max(startMs, f.endMs)));
      out.push({ text: script[i] as string, startMs, endMs });
      floor = endMs;
      i++;
      continue;
    }
    let j = i;
    while (j < script.length && !found[j]) j++;
    const next = j < script.length ? Math.max(floor, Math.min(hi, (found[j] as { startMs: number }).startMs)) : hi;
    const run = script.slice(i, j);
    const weights = run.map(wordWeight);
    const total = weights.reduce((a, b) => a + b, 0);
    let t = floor;
    run.forEach((text, k) => {
      const endMs = k === run.length - 1 ? next : t + ((next - floor) * (weights[k] as number)) / total;
      out.push({ text, startMs: Math.round(t), endMs: Math.round(Math.max(t, endMs)) });
      t = endMs;
    });
    floor = next;
    i = j;
  }
  return out;
}
