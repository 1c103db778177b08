import type { FfmpegInput } from '../ffmpeg-spec.js';
import { masterChain, type MasterSettings } from '../loudness/master.js';
import type { GraphPart } from './graph-part.js';
import { sec } from './graph-part.js';

/**
 * The sound track, as ONE chain inside the compile: the voice brought to a reference level and
 * gently compressed (a steady voice needs less limiting), the creator's music under it at a
 * level measured relative to the voice, faded in and out and ducked while the voice speaks,
 * then the master gain and a true-peak-safe limiter whose values were measured before the
 * compile (pipeline/stages/sound.ts) so the video lands on −14 LUFS.
 */

/** The voice's level before compression: measured gain brings any engine here first. */
export const VOICE_REFERENCE_LUFS = -20;
/** Gentle speech compression: 3:1 above −26 dBFS with a soft knee, fast attack, quick release. */
export const VOICE_COMPRESSOR = 'acompressor=threshold=-26dB:ratio=3:attack=5:release=120:knee=6';
/** Ducks the music ~10 dB while the voice speaks: fast attack so the first word is clear, slow release so the bed doesn't pump between words. */
export const DUCKING = 'sidechaincompress=threshold=0.02:ratio=10:attack=15:release=350:makeup=1';
/** The music bed at most this far under the voice (musicVolume 1); lower volumes go further down. */
export const MUSIC_CEILING_LU = -6;
export const MUSIC_FADE_IN_SEC = 1;
export const MUSIC_FADE_OUT_SEC = 1.5;
/** Speech never needs this much boost; a silent recording is left alone rather than amplified into noise. */
const MAX_VOICE_GAIN_DB = 30;

/** What the sound track is made of, with every level already measured and solved. */
export interface AudioMix {
  voiceWav: string;
  /** Gain that brings the voice to VOICE_REFERENCE_LUFS. */
  voiceGainDb: number;
  /** The creator's music: looped, brought under the voice, faded, ducked. */
  music?: { path: string; gainDb: number };
  master: MasterSettings;
  /** The video's length: the music fades out at its end. */
  totalSec: number;
}

/** Gain that brings a voice measured at `lufs` to the reference level (capped; silence stays silence). */
export function voiceGainFor(lufs: number): number {
  if (!Number.isFinite(lufs) || lufs <= -70) return 0;
  return Math.min(MAX_VOICE_GAIN_DB, VOICE_REFERENCE_LUFS - lufs);
}

/**
 * musicVolume 0..1 → the bed's loudness relative to the voice, LU: 1 → −6 (the loudest it may
 * be), 0.5 → −12, 0.25 → −18. Never above the ceiling: the music stays under the voice.
 */
export function musicOffsetLu(volume: number): number {
  const v = Math.min(1, Math.max(0.01, volume));
  return Math.min(MUSIC_CEILING_LU, MUSIC_CEILING_LU + 20 * Math.log10(v));
}

/** Gain that puts music measured at `musicLufs` at its place under the (reference-level) voice. */
export function musicGainFor(musicLufs: number, volume: number): number {
  if (!Number.isFinite(musicLufs) || musicLufs <= -70) return 0;
  return Math.min(MAX_VOICE_GAIN_DB, VOICE_REFERENCE_LUFS + musicOffsetLu(volume) - musicLufs);
}

function db(n: number): string {
  return `${(Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, '') || '0'}dB`;
}

const TO_MIX = 'aresample=48000:async=1,aformat=sample_fmts=fltp:sample_rates=48000';

/**
 * Voice [+ music] → one mastered track labelled `out`. The voice is padded with silence so the
 * tail after the last word has sound; amix runs without its input normalisation (which would
 * halve the voice); the output's -t ends the padding and the looped music.
 */
export function buildAudioMix(mix: AudioMix, firstInput: number, out = 'a'): GraphPart {
  const inputs: FfmpegInput[] = [{ source: mix.voiceWav, options: [] }];
  const voice = `[${firstInput}:a]${TO_MIX},volume=${db(mix.voiceGainDb)},${VOICE_COMPRESSOR},apad`;
  const master = masterChain(mix.master);
  if (mix.music === undefined) return { inputs, filter: `${voice},${master}[${out}]`, out };
  inputs.push({ source: mix.music.path, options: ['-stream_loop', '-1'] });
  const fadeOutAt = Math.max(0, mix.totalSec - MUSIC_FADE_OUT_SEC);
  return {
    inputs,
    filter: [
      `${voice},asplit=2[voice][key]`,
      `[${firstInput + 1}:a]${TO_MIX},volume=${db(mix.music.gainDb)},afade=t=in:d=${sec(MUSIC_FADE_IN_SEC)},afade=t=out:st=${sec(fadeOutAt)}:d=${sec(MUSIC_FADE_OUT_SEC)}[bed]`,
      `[bed][key]${DUCKING}[ducked]`,
      `[voice][ducked]amix=inputs=2:duration=first:normalize=0,${master}[${out}]`,
    ].join(';'),
    out,
  };
}
