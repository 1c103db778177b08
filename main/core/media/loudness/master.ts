/**
 * The last link of every audio chain: one gain and a true-peak-safe limiter, chosen by
 * measuring before the compile so the video lands on the platforms' loudness exactly.
 *
 * Why measure-and-correct instead of loudnorm in the compile: loudnorm's single pass is
 * dynamic (it rides the gain as it goes and lands a few LU off on short speech), and its
 * linear two-pass mode gives up and turns dynamic whenever the needed gain would push the
 * peaks over the ceiling — which is most speech. A static gain + limiter, measured on the very
 * chain the compile will run, is deterministic: what was measured is what is encoded.
 */
import { SILENT_LUFS, type Loudness } from './ebur128.js';

/** The platforms normalise to about −14 LUFS integrated (YouTube, TikTok, Instagram, Spotify). */
export const TARGET_LUFS = -14;
/** Ceiling for the measured true peak before the AAC encode; the encode's overshoot stays under −1 dBTP. */
export const TRUE_PEAK_CEILING_DB = -1.5;
/** Close enough before the encode: the AAC encode moves integrated loudness by about 0.1 LU. */
export const LUFS_TOLERANCE = 0.2;
/** A near-silent recording is not boosted past this: noise would become the loudest thing. */
export const MAX_GAIN_DB = 30;
const MAX_MEASUREMENTS = 5;

export interface MasterSettings {
  /** Static gain applied to the whole mix, dB. */
  gainDb: number;
  /** The limiter's sample-peak ceiling, dBFS (inter-sample peaks land a little above it). */
  limitDb: number;
}

export interface MasterResult {
  settings: MasterSettings;
  /** What the chain with these settings measured, before the encode. */
  measured: Loudness;
  /** Measurements it took (each one a quick audio-only ffmpeg run). */
  measurements: number;
  /** False when the audio is silent (nothing to normalise) or the gain hit MAX_GAIN_DB. */
  onTarget: boolean;
}

function dbToLinear(db: number): number {
  return 10 ** (db / 20);
}

function num(n: number): string {
  return (Math.round(n * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
}

/**
 * The master chain: 48 kHz float stereo first (so the measurement hears the channel layout the
 * encoder gets: a mono voice counts differently from the same voice on two channels), then
 * the gain, then a look-ahead limiter with its delay compensated (captions stay in sync) and
 * auto-level off (it would undo the gain).
 */
export function masterChain(s: MasterSettings): string {
  const limit = Math.min(1, Math.max(0.0625, dbToLinear(s.limitDb)));
  return [
    'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo',
    `volume=${num(s.gainDb)}dB`,
    `alimiter=limit=${num(limit)}:attack=5:release=60:level=0:latency=1`,
  ].join(',');
}

/**
 * Finds the gain and limiter ceiling that put `measure`'s chain at TARGET_LUFS with its true
 * peak under the ceiling. Each round measures the real chain; the gain moves by the secant of
 * the last two rounds (a limiter that works harder gives back less than a dB per dB), the
 * ceiling drops by whatever the true peak overshot. Speech converges in two or three rounds.
 */
export async function solveMaster(
  measure: (s: MasterSettings) => Promise<Loudness>,
  first: MasterSettings,
  target = TARGET_LUFS,
): Promise<MasterResult> {
  let s: MasterSettings = { gainDb: Math.min(MAX_GAIN_DB, first.gainDb), limitDb: Math.min(first.limitDb, TRUE_PEAK_CEILING_DB) };
  let prev: { gainDb: number; lufs: number } | null = null;
  let best: MasterResult | null = null;
  for (let n = 1; n <= MAX_MEASUREMENTS; n++) {
    const m = await measure(s);
    if (m.integratedLufs <= SILENT_LUFS) return { settings: { gainDb: 0, limitDb: s.limitDb }, measured: m, measurements: n, onTarget: false };
    const err = target - m.integratedLufs;
    const peakOver = m.truePeakDb - TRUE_PEAK_CEILING_DB;
    const ok = Math.abs(err) <= LUFS_TOLERANCE && peakOver <= 0;
    const result: MasterResult = { settings: s, measured: m, measurements: n, onTarget: ok };
    if (ok) return result;
    if (peakOver <= 0 && (best === null || Math.abs(err) < Math.abs(target - best.measured.integratedLufs))) best = result;
    if (s.gainDb >= MAX_GAIN_DB && err > 0 && peakOver <= 0) return { ...result, onTarget: false };
    let slope = 1;
    if (prev !== null && Math.abs(s.gainDb - prev.gainDb) > 0.05) {
      slope = Math.min(1.2, Math.max(0.25, (m.integratedLufs - prev.lufs) / (s.gainDb - prev.gainDb)));
    }
    prev = { gainDb: s.gainDb, lufs: m.integratedLufs };
    s = {
      gainDb: Math.min(MAX_GAIN_DB, s.gainDb + err / slope),
      limitDb: peakOver > 0 ? s.limitDb - peakOver - 0.1 : s.limitDb,
    };
  }
  // Out of rounds (pathological audio): the closest safe setting, flagged.
  if (best) return { ...best, measurements: MAX_MEASUREMENTS, onTarget: false };
  const m = await measure(s);
  return { settings: s, measured: m, measurements: MAX_MEASUREMENTS + 1, onTarget: false };
}
