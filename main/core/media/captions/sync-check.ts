/**
 * The caption sync check, before the compile: every caption word must lie inside the voice's
 * speech — by the voice stage's own timings (inside its chunk, inside the track) and by a
 * voice-activity measurement of the audio (a word highlighted while the voice is silent is
 * early or late). Drift beyond one frame is reported; nothing is silently "fixed". Pure.
 */
import type { TimedSpan } from '../../voice/types.js';
import type { SpokenChunk, SpokenWord } from './pages.js';

export interface DriftedWord {
  text: string;
  startMs: number;
  endMs: number;
  /** How far the word's highlight is from the speech it stands for, ms. */
  driftMs: number;
  reason: 'outside its chunk' | 'outside the voice' | 'in silence' | 'starts in silence' | 'no time';
}

export interface SyncReport {
  words: number;
  /** 'audio' when a voice-activity measurement was available, else the timings alone. */
  checkedAgainst: 'timings' | 'timings+audio';
  frameMs: number;
  drifted: DriftedWord[];
  maxDriftMs: number;
}

function overlap(a: TimedSpan, b: TimedSpan): number {
  return Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));
}

/** Distance from a span to the nearest speech, 0 when they touch. */
function distanceToSpeech(w: TimedSpan, speech: readonly TimedSpan[]): number {
  let best = Infinity;
  for (const s of speech) {
    if (overlap(w, s) > 0) return 0;
    best = Math.min(best, s.startMs >= w.endMs ? s.startMs - w.endMs : w.startMs - s.endMs);
  }
  return best;
}

export function checkCaptionSync(
  words: readonly SpokenWord[],
  chunks: readonly SpokenChunk[],
  durationMs: number,
  fps: number,
  speech: readonly TimedSpan[] | null,
): SyncReport {
  const frameMs = 1000 / fps;
  const drifted: DriftedWord[] = [];
  const flag = (w: SpokenWord, driftMs: number, reason: DriftedWord['reason']): void => {
    drifted.push({ text: w.text, startMs: w.startMs, endMs: w.endMs, driftMs: Math.round(driftMs), reason });
  };
  for (const w of words) {
    if (!(w.endMs > w.startMs)) {
      flag(w, frameMs, 'no time');
      continue;
    }
    if (w.startMs < -frameMs || w.endMs > durationMs + frameMs) {
      flag(w, Math.max(-w.startMs, w.endMs - durationMs), 'outside the voice');
      continue;
    }
    const chunk = chunks[w.chunk];
    if (chunk) {
      const out = Math.max(chunk.startMs - w.startMs, w.endMs - chunk.endMs);
      if (out > frameMs) {
        flag(w, out, 'outside its chunk');
        continue;
      }
    }
    if (speech) {
      const away = distanceToSpeech(w, speech);
      if (away > 0) {
        // Highlighted over silence only: off by at least the distance to the nearest speech.
        flag(w, Math.max(away, w.endMs - w.startMs), 'in silence');
        continue;
      }
      // Highlighted while a pause is still going on: early by the rest of that pause.
      const onset = speech.find((s) => s.endMs > w.startMs);
      if (onset && onset.startMs > w.startMs + frameMs) flag(w, onset.startMs - w.startMs, 'starts in silence');
    }
  }
  return {
    words: words.length,
    checkedAgainst: speech ? 'timings+audio' : 'timings',
    frameMs: Math.round(frameMs * 10) / 10,
    drifted,
    maxDriftMs: drifted.reduce((m, d) => Math.max(m, d.driftMs), 0),
  };
}

/** One line for manifest.warnings, or null when every word is in sync. */
export function syncWarning(r: SyncReport): string | null {
  if (r.drifted.length === 0) return null;
  const eg = r.drifted.slice(0, 3).map((d) => `"${d.text}" at ${(d.startMs / 1000).toFixed(2)} s (${d.reason}, ${d.driftMs} ms)`).join(', ');
  return `Caption sync: ${r.drifted.length} of ${r.words} words drift more than one frame (${r.frameMs} ms) from the voice, up to ${r.maxDriftMs} ms: ${eg}.`;
}
