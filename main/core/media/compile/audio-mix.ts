import type { FfmpegInput } from '../ffmpeg-spec.js';
import type { GraphPart } from './graph-part.js';

/** Platforms normalise to about −14 LUFS; a true peak under −1.5 dBTP survives their AAC re-encode. Single pass (dynamic mode): no measuring run. */
export const LOUDNESS = 'loudnorm=I=-14:TP=-1.5:LRA=11';
/** Music bed level before ducking (about −10 dB): present, never competing with the voice. */
export const MUSIC_GAIN = 0.3;
/** Ducks the music ~10 dB while the voice speaks: fast attack so the first word is clear, slow release so the bed doesn't pump between words. */
export const DUCKING = 'sidechaincompress=threshold=0.02:ratio=10:attack=15:release=350:makeup=1';

/** What the sound track is made of. */
export interface AudioMix {
  voiceWav: string;
  /** The creator's music track; looped, lowered and ducked under the voice. */
  music?: string;
}

function musicInput(music: string): FfmpegInput {
  return { source: music, options: ['-stream_loop', '-1'] };
}

/**
 * Voice [+ music] → one normalised track. The voice is padded with silence so the tail after
 * the last word has sound; the music bed is lowered and ducked by the voice (sidechain), mixed
 * without amix's input normalisation (which would halve the voice), then the whole mix is
 * loudness-normalised.
 */
export function buildAudioMix(mix: AudioMix, firstInput: number): GraphPart {
  const inputs: FfmpegInput[] = [{ source: mix.voiceWav, options: [] }];
  if (mix.music !== undefined) inputs.push(musicInput(mix.music));
  return { inputs, filter: audioChain(`${firstInput}:a`, mix.music !== undefined ? `${firstInput + 1}:a` : null, 'a'), out: 'a' };
}

function audioChain(voice: string, music: string | null, out: string): string {
  const toMix = 'aresample=48000:async=1,aformat=sample_fmts=fltp';
  if (music === null) return `[${voice}]${toMix},apad,${LOUDNESS},aresample=48000[${out}]`;
  return [
    `[${voice}]${toMix},apad,asplit=2[voice][key]`,
    `[${music}]${toMix},volume=${MUSIC_GAIN}[bed]`,
    `[bed][key]${DUCKING}[ducked]`,
    `[voice][ducked]amix=inputs=2:duration=first:normalize=0,${LOUDNESS},aresample=48000[${out}]`,
  ].join(';');
}
