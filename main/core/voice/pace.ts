/**
 * How fast a voice speaks, so a script can be sized to the length asked for. Pace is measured
 * in milliseconds per unit of wordWeight (syllables plus a small base per word and pauses after
 * punctuation, the same weights the caption timing uses), so a script's length can be
 * predicted from its text before it is voiced: weight × pace + the gaps between chunks.
 *
 * Each voice's pace is measured from its first real synthesis and remembered (in the cache),
 * so later scripts for that voice are sized right the first time.
 */
import { chunkScript, wordsOf } from '../media/captions/chunk.js';
import { wordWeight } from '../media/captions/timing.js';
import type { VoiceEngine } from './types.js';

export interface VoicePace {
  /** Milliseconds of speech per unit of wordWeight. */
  msPerUnit: number;
  /** Words per second of finished voice (gaps included): the word budget an LLM is given. */
  wordsPerSecond: number;
  /** 'measured' from this voice's own audio, or the engine's 'default' guess. */
  source: 'measured' | 'default';
}

/**
 * First guesses before a voice has been heard: espeak-ng at its default 170 wpm measures
 * 166 ms/unit here; the neural voices speak a little slower and breathe between phrases.
 */
const DEFAULT_MS_PER_UNIT: Record<VoiceEngine, number> = { system: 166, openai: 185, edge: 180, elevenlabs: 190, local: 185 };

export function defaultPace(engine: VoiceEngine, rate = 1): VoicePace {
  const msPerUnit = DEFAULT_MS_PER_UNIT[engine] / rate;
  // About 2 units per word, and a 120 ms gap every 3 words.
  return { msPerUnit, wordsPerSecond: round(1000 / (2 * msPerUnit + 40)), source: 'default' };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function weightOf(lines: readonly string[]): { units: number; words: number; chunks: number } {
  const chunks = chunkScript([...lines]);
  let units = 0;
  let words = 0;
  for (const c of chunks) {
    for (const w of wordsOf(c.text)) {
      units += wordWeight(w);
      words++;
    }
  }
  return { units, words, chunks: chunks.length };
}

/** The voice length a script will have, ms: its weight at this pace plus the gaps between its chunks. */
export function predictVoiceMs(lines: readonly string[], pace: Pick<VoicePace, 'msPerUnit'>, gapMs: number): number {
  const w = weightOf(lines);
  return w.units * pace.msPerUnit + Math.max(0, w.chunks - 1) * gapMs;
}

/**
 * Pace measured from a voiced script: the chunks' spoken time over their weight. Rounded so
 * that small differences between two measurements don't change every script's cache key.
 */
export function measurePace(lines: readonly string[], spokenMs: number, totalMs: number): VoicePace | null {
  const w = weightOf(lines);
  if (w.units <= 0 || spokenMs <= 0 || totalMs <= 0) return null;
  return { msPerUnit: Math.round(spokenMs / w.units), wordsPerSecond: round(w.words / (totalMs / 1000)), source: 'measured' };
}

/**
 * The pace a script is sized at. Voices that speak within 10 % of their engine's usual pace
 * share it, so a script is reused when only the voice changes (DESIGN: a new voice reuses the
 * script); a voice clearly faster or slower gets its own, in 5 % steps so a re-measurement
 * that differs by a hair keeps the same script. Either way the error stays well inside the
 * 15 % the length may miss by.
 */
export function sizingPace(measured: VoicePace, engine: VoiceEngine, rate = 1): VoicePace {
  const usual = defaultPace(engine, rate);
  if (Math.abs(measured.msPerUnit - usual.msPerUnit) / usual.msPerUnit <= 0.1) return usual;
  const step = Math.log(1.05);
  const msPerUnit = Math.round(Math.exp(Math.round(Math.log(measured.msPerUnit) / step) * step));
  return { msPerUnit, wordsPerSecond: round(1000 / (2 * msPerUnit + 40)), source: measured.source };
}
