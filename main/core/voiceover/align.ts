/**
 * Pure: the script's words placed on a recording without any speech recognition, from where
 * the speech is (the stretches between pauses) and how long each word takes to say (syllable
 * weight). A dynamic programme gives each stretch a run of consecutive words so that every
 * stretch's length matches its words' weight at the recording's own pace, preferring to break
 * at punctuation (people pause at commas and full stops); inside a stretch the words share its
 * time by weight. Good to a word or two on a clean read of the script, which is what captions need.
 */
import { distribute, wordWeight } from '../media/captions/timing.js';
import type { TimedWord } from '../voice/types.js';
import type { Span } from './silences.js';

/** A pause in the middle of a sentence costs this much (in squared "words of misfit"). */
const MID_SENTENCE_BREAK = 2.5;
const AFTER_COMMA_BREAK = 0.5;

export function alignToSpeech(words: readonly string[], speech: readonly Span[]): TimedWord[] {
  if (words.length === 0) return [];
  const segments = speech.filter((s) => s.endMs > s.startMs);
  if (segments.length === 0) return distribute([...words], { startMs: 0, endMs: 0 });
  const weights = words.map(wordWeight);
  const cum = [0];
  for (const w of weights) cum.push((cum.at(-1) as number) + w);
  const totalWeight = cum.at(-1) as number;
  const spoken = segments.reduce((a, s) => a + (s.endMs - s.startMs), 0);
  const pace = spoken / totalWeight; // ms per unit
  const meanUnit = totalWeight / words.length;
  const n = words.length;
  const m = segments.length;

  const breakCost = (j: number): number => {
    if (j <= 0 || j >= n) return 0;
    const prev = words[j - 1] as string;
    if (/[.!?…。！？]["'”’)]*$/u.test(prev)) return 0;
    if (/[,;:，、；：—-]["'”’)]*$/u.test(prev)) return AFTER_COMMA_BREAK;
    return MID_SENTENCE_BREAK;
  };
  // Misfit of a stretch against its words, in "words" squared: scale-free.
  const fit = (seg: Span, j: number, i: number): number => {
    const expected = (cum[i] as number) - (cum[j] as number);
    const actual = (seg.endMs - seg.startMs) / pace;
    const d = (actual - expected) / meanUnit;
    return d * d;
  };

  const INF = Number.POSITIVE_INFINITY;
  // cost[k][i]: the first k stretches hold the first i words.
  const cost: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(n + 1).fill(INF));
  const from: Int32Array[] = Array.from({ length: m + 1 }, () => new Int32Array(n + 1).fill(-1));
  (cost[0] as Float64Array)[0] = 0;
  for (let k = 1; k <= m; k++) {
    const seg = segments[k - 1] as Span;
    const prev = cost[k - 1] as Float64Array;
    const here = cost[k] as Float64Array;
    const back = from[k] as Int32Array;
    for (let i = 0; i <= n; i++) {
      // An empty stretch (a cough, a breath): its whole length is misfit.
      let best = (prev[i] as number) + fit(seg, i, i) * 1.5;
      let arg = i;
      for (let j = 0; j < i; j++) {
        const p = prev[j] as number;
        if (p === INF) continue;
        const c = p + fit(seg, j, i) + breakCost(j);
        if (c < best) {
          best = c;
          arg = j;
        }
      }
      here[i] = best;
      back[i] = arg;
    }
  }
  // Walk back: which words each stretch holds.
  const runs: { seg: Span; j: number; i: number }[] = [];
  let i = n;
  for (let k = m; k >= 1; k--) {
    const j = (from[k] as Int32Array)[i] as number;
    if (j < i) runs.push({ seg: segments[k - 1] as Span, j, i });
    i = j;
  }
  runs.reverse();
  const out: TimedWord[] = [];
  for (const r of runs) out.push(...distribute(words.slice(r.j, r.i), { startMs: Math.round(r.seg.startMs), endMs: Math.round(r.seg.endMs) }));
  return out;
}
