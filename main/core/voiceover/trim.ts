/**
 * Pure: shortening a recording's long pauses (--trim-silence). Every pause longer than 0.7 s
 * keeps 0.2 s of its start and 0.2 s of its end (the breath around the words) and loses the
 * middle; times map from the recording to the trimmed audio so alignment stays exact.
 */
import type { ParsedWav } from '../voice/wav.js';
import type { Span } from './silences.js';

export const LONG_PAUSE_MS = 700;
const KEEP_EACH_SIDE_MS = 200;

/** The parts of the recording to cut out. */
export function cutsFor(silences: readonly Span[]): Span[] {
  return silences
    .filter((s) => s.endMs - s.startMs > LONG_PAUSE_MS)
    .map((s) => ({ startMs: s.startMs + KEEP_EACH_SIDE_MS, endMs: s.endMs - KEEP_EACH_SIDE_MS }));
}

/** A time in the recording → the same moment in the trimmed audio. */
export function mapTime(t: number, cuts: readonly Span[]): number {
  let removed = 0;
  for (const c of cuts) {
    if (t >= c.endMs) removed += c.endMs - c.startMs;
    else if (t > c.startMs) return c.startMs - removed;
  }
  return t - removed;
}

/** The recording without the cut parts (sample-exact). */
export function applyCuts(w: ParsedWav, cuts: readonly Span[]): ParsedWav {
  if (cuts.length === 0) return w;
  const frameBytes = (w.bitsPerSample / 8) * w.channels;
  const at = (ms: number): number => Math.min(w.data.length, Math.round((ms / 1000) * w.sampleRate) * frameBytes);
  const parts: Buffer[] = [];
  let from = 0;
  for (const c of cuts) {
    parts.push(w.data.subarray(from, at(c.startMs)));
    from = at(c.endMs);
  }
  parts.push(w.data.subarray(from));
  const data = Buffer.concat(parts);
  return { ...w, data, durationMs: (data.length / frameBytes / w.sampleRate) * 1000 };
}
