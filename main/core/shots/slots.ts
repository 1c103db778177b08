/**
 * Narration → the stretches of video each picture covers (pure). One slot per sentence by
 * default, cut in the pause between sentences; a sentence too short to read as a shot shares
 * its neighbour's picture, a long one is cut in the pause between two caption chunks so each
 * part gets its own picture. Every cut lands on a frame, and the slots tile the video exactly.
 */
import { DEFAULT_SLOT_OPTIONS, type Slot, type SlotOptions, type TimedChunk, type TimedSentence } from './types.js';

const EPS = 1e-6;

interface Span {
  startSec: number;
  endSec: number;
}

function len(s: Span): number {
  return s.endSec - s.startSec;
}

export function planSlots(
  sentences: readonly TimedSentence[],
  chunks: readonly TimedChunk[],
  totalSec: number,
  options: Partial<SlotOptions> = {},
): Slot[] {
  const o = { ...DEFAULT_SLOT_OPTIONS, ...options };
  if (o.maxSec < 2 * o.minSec) throw new RangeError(`maxSec (${o.maxSec}) must be at least twice minSec (${o.minSec}) so any stretch can be cut into shots in range.`);
  const frame = (t: number): number => Math.round(t * o.fps) / o.fps;
  const ordered = [...sentences].sort((a, b) => a.startSec - b.startSec || a.index - b.index);

  // 1. One span per sentence, cut halfway through the pause before each sentence.
  let spans: Span[] = [];
  let start = 0;
  for (let k = 1; k < ordered.length; k++) {
    const prev = ordered[k - 1] as TimedSentence;
    const next = ordered[k] as TimedSentence;
    const cut = Math.min(totalSec, frame((prev.endSec + next.startSec) / 2));
    if (cut > start + EPS) {
      spans.push({ startSec: start, endSec: cut });
      start = cut;
    }
  }
  spans.push({ startSec: start, endSec: totalSec });
  if (totalSec <= 0) spans = [{ startSec: 0, endSec: Math.max(0, totalSec) }];

  // 2. Too short to read as a shot: share with the shorter neighbour, shortest first.
  for (;;) {
    if (spans.length < 2) break;
    let i = -1;
    for (const [j, s] of spans.entries()) if (len(s) < o.minSec - EPS && (i < 0 || len(s) < len(spans[i] as Span))) i = j;
    if (i < 0) break;
    const prev = spans[i - 1];
    const next = spans[i + 1];
    const withPrev = prev !== undefined && (next === undefined || len(prev) <= len(next));
    const a = withPrev ? i - 1 : i;
    spans.splice(a, 2, { startSec: (spans[a] as Span).startSec, endSec: (spans[a + 1] as Span).endSec });
  }

  // 3. Too long: cut in the pauses between chunks nearest to even parts, every part in range.
  const pauses = chunkPauses(chunks).map(frame);
  const out: Span[] = [];
  for (const s of spans) {
    const L = len(s);
    if (L <= o.maxSec + EPS) {
      out.push(s);
      continue;
    }
    const n = Math.ceil(L / o.maxSec - EPS);
    let pos = s.startSec;
    for (let j = 1; j < n; j++) {
      const lo = Math.max(pos + o.minSec, s.endSec - (n - j) * o.maxSec);
      const hi = Math.min(pos + o.maxSec, s.endSec - (n - j) * o.minSec);
      const ideal = s.startSec + (j * L) / n;
      let cut = nearest(pauses.filter((p) => p >= lo - EPS && p <= hi + EPS), ideal) ?? frame(ideal);
      if (cut < lo - EPS) cut = Math.ceil(lo * o.fps - EPS) / o.fps;
      if (cut > hi + EPS) cut = Math.floor(hi * o.fps + EPS) / o.fps;
      out.push({ startSec: pos, endSec: cut });
      pos = cut;
    }
    out.push({ startSec: pos, endSec: s.endSec });
  }

  return out.map((s, index) => describe(s, index, ordered, chunks));
}

/** Midpoints of the silences between consecutive chunks. */
function chunkPauses(chunks: readonly TimedChunk[]): number[] {
  const sorted = [...chunks].sort((a, b) => a.startSec - b.startSec);
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) out.push(((sorted[i - 1] as TimedChunk).endSec + (sorted[i] as TimedChunk).startSec) / 2);
  return out;
}

function nearest(xs: number[], x: number): number | null {
  let best: number | null = null;
  for (const v of xs) if (best === null || Math.abs(v - x) < Math.abs(best - x)) best = v;
  return best;
}

/** The words spoken in a span: the chunks whose middle falls inside it. */
function describe(s: Span, index: number, sentences: readonly TimedSentence[], chunks: readonly TimedChunk[]): Slot {
  const inside = chunks.filter((c) => {
    const mid = (c.startSec + c.endSec) / 2;
    return mid >= s.startSec - EPS && mid < s.endSec - EPS;
  });
  let ids = [...new Set(inside.map((c) => c.sentence))];
  if (ids.length === 0) {
    // Silence (the tail, a pause): the sentence spoken last before it, or the first.
    const before = sentences.filter((x) => x.startSec < s.endSec).at(-1) ?? sentences[0];
    ids = before ? [before.index] : [];
  }
  const text = inside.length > 0 ? inside.map((c) => c.text).join(' ') : ids.map((id) => sentences.find((x) => x.index === id)?.text ?? '').join(' ');
  const sentenceText = ids.map((id) => sentences.find((x) => x.index === id)?.text ?? '').join(' ').trim();
  return { index, startSec: s.startSec, endSec: s.endSec, sentences: ids, text: text.trim(), sentenceText };
}
