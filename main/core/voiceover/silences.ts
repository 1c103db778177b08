/**
 * Where a recording is silent, and so where the speech is: ffmpeg's silencedetect over the
 * decoded voice-over, its log parsed here (pure), with the noise floor set from the
 * recording's own level so a hiss-y phone recording and a studio one both split at the pauses.
 */
import { ffmpegNotFound, runCaptured } from '../binaries/run-captured.js';
import { UserError } from '../errors.js';
import type { ParsedWav } from '../voice/wav.js';

export interface Span {
  startMs: number;
  endMs: number;
}

/** Pure: silencedetect's log → silences, ms (a silence still open at the end runs to `durationMs`). */
export function parseSilences(log: string, durationMs: number): Span[] {
  const out: Span[] = [];
  let open: number | null = null;
  for (const line of log.split('\n')) {
    const start = /silence_start:\s*(-?[\d.]+)/.exec(line);
    if (start?.[1]) open = Math.max(0, Number(start[1]) * 1000);
    const end = /silence_end:\s*(-?[\d.]+)/.exec(line);
    if (end?.[1] && open !== null) {
      out.push({ startMs: open, endMs: Math.min(durationMs, Number(end[1]) * 1000) });
      open = null;
    }
  }
  if (open !== null && open < durationMs) out.push({ startMs: open, endMs: durationMs });
  return out;
}

/** Pure: the speech between the silences (pieces shorter than `minMs` are clicks, not words). */
export function speechSegments(silences: readonly Span[], durationMs: number, minMs = 80): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const s of [...silences].sort((a, b) => a.startMs - b.startMs)) {
    if (s.startMs - at >= minMs) out.push({ startMs: at, endMs: s.startMs });
    at = Math.max(at, s.endMs);
  }
  if (durationMs - at >= minMs) out.push({ startMs: at, endMs: durationMs });
  return out;
}

/**
 * Pure: a noise floor for silencedetect, dBFS: 30 dB under the recording's loud parts (the
 * 90th percentile of 50 ms windows), kept between −60 and −25.
 */
export function noiseFloorDb(w: ParsedWav): number {
  if (w.bitsPerSample !== 16) return -40;
  const frame = Math.max(1, Math.round(w.sampleRate * 0.05));
  const channels = w.channels;
  const total = Math.floor(w.data.length / (2 * channels));
  const levels: number[] = [];
  for (let f = 0; f + frame <= total; f += frame) {
    let sum = 0;
    for (let i = f; i < f + frame; i++) {
      const v = w.data.readInt16LE(i * 2 * channels) / 32768;
      sum += v * v;
    }
    levels.push(10 * Math.log10(sum / frame + 1e-12));
  }
  if (levels.length === 0) return -40;
  levels.sort((a, b) => a - b);
  const loud = levels[Math.floor(levels.length * 0.9)] ?? -40;
  return Math.min(-25, Math.max(-60, Math.round(loud - 30)));
}

/** Runs silencedetect over a WAV file: pauses of at least `minSilenceSec`. */
export async function detectSilences(ffmpeg: string, wavPath: string, durationMs: number, noiseDb: number, minSilenceSec: number, signal?: AbortSignal): Promise<Span[]> {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-i', wavPath, '-af', `silencedetect=noise=${noiseDb}dB:d=${minSilenceSec}`, '-f', 'null', '-'];
  const run = await runCaptured(ffmpeg, args, { what: 'Reading the voice-over', notFound: ffmpegNotFound(ffmpeg), signal });
  if (run.code !== 0) throw new UserError('internal', `ffmpeg could not scan the voice-over for pauses (exit ${String(run.code)}).`);
  return parseSilences(run.stderr, durationMs);
}
