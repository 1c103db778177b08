/**
 * Where the voice actually speaks, measured on the audio (not taken from the TTS engine's word
 * of it): ffmpeg's silencedetect over the voice WAV, its events written by ametadata to a file.
 * The spec runs on the worker pool like any ffmpeg job; parsing is pure.
 */
import type { FfmpegSpec } from '../ffmpeg-spec.js';
import { filterPath } from '../filter-escape.js';
import type { TimedSpan } from '../../voice/types.js';

/**
 * Quieter than −44 dBFS (the level the voice's silence trim cuts at, 200/32768) for 80 ms is a
 * pause: the 120 ms gaps between voice chunks always are, a stop consonant never is.
 */
export const SILENCE_NOISE_DB = -44;
export const SILENCE_MIN_SEC = 0.08;
/** The trim keeps 30 ms before and after each chunk's sound: that much around speech is still speech. */
export const SPEECH_PAD_MS = 30;

/** silencedetect over `wav`, events to `eventsFile`; `nullOut` is a name the null muxer never opens. */
export function buildSpeechActivitySpec(wav: string, eventsFile: string, nullOut: string): FfmpegSpec {
  return {
    inputs: [{ source: wav, options: [] }],
    filterComplex: `[0:a]silencedetect=noise=${SILENCE_NOISE_DB}dB:duration=${SILENCE_MIN_SEC},ametadata=mode=print:file=${filterPath(eventsFile)}[a]`,
    outputs: [{ path: nullOut, options: ['-map', '[a]', '-f', 'null'] }],
    durationSec: 1,
  };
}

/** ametadata's print-out → silent intervals, ms (an unfinished one runs to `durationMs`). */
export function parseSilences(text: string, durationMs: number): TimedSpan[] {
  const out: TimedSpan[] = [];
  let open: number | null = null;
  for (const line of text.split(/\r?\n/)) {
    const start = /^lavfi\.silence_start=(-?[\d.]+)/.exec(line);
    const end = /^lavfi\.silence_end=(-?[\d.]+)/.exec(line);
    if (start) open = Math.max(0, Math.round(Number(start[1]) * 1000));
    else if (end && open !== null) {
      out.push({ startMs: open, endMs: Math.min(durationMs, Math.round(Number(end[1]) * 1000)) });
      open = null;
    }
  }
  if (open !== null && open < durationMs) out.push({ startMs: open, endMs: durationMs });
  return out;
}

/** The complement of the silences inside [0, durationMs], each region widened by `padMs`: where there is speech. */
export function speechFromSilences(silences: readonly TimedSpan[], durationMs: number, padMs = SPEECH_PAD_MS): TimedSpan[] {
  const out: TimedSpan[] = [];
  let at = 0;
  const push = (a: number, b: number): void => {
    out.push({ startMs: Math.max(0, a - padMs), endMs: Math.min(durationMs, b + padMs) });
  };
  for (const s of [...silences].sort((a, b) => a.startMs - b.startMs)) {
    if (s.startMs > at) push(at, s.startMs);
    at = Math.max(at, s.endMs);
  }
  if (at < durationMs) push(at, durationMs);
  return out;
}
