import { builtinInput } from './backgrounds.js';
import { filterPath } from './filter-escape.js';
import type { FfmpegInput, FfmpegSpec } from './ffmpeg-spec.js';
import type { ResolvedPreset } from './presets.js';

export type CompileBackground =
  | { kind: 'file'; path: string; startSec: number; loop: boolean }
  | { kind: 'builtin'; name: string };

export interface CompileParams {
  background: CompileBackground;
  voiceWav: string;
  voiceDurationSec: number;
  assPath: string;
  fontsDir: string;
  music?: string;
  preset: ResolvedPreset;
  outPath: string;
  /** Picture after the last word. */
  tailSec?: number;
}

/** Platforms normalise to about −14 LUFS; true peak under −1.5 dBTP survives their AAC re-encode. */
export const LOUDNESS = 'loudnorm=I=-14:TP=-1.5:LRA=11';
/** Music sits well under the voice, and ducks further while the voice speaks. */
const MUSIC_LEVEL = 0.3;
const DUCK = 'sidechaincompress=threshold=0.02:ratio=10:attack=15:release=350:makeup=1';

function round3(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
}

function backgroundInput(bg: CompileBackground, p: ResolvedPreset, totalSec: number): FfmpegInput {
  if (bg.kind === 'builtin') return builtinInput(bg.name, p.width, p.height, p.fps, totalSec);
  const options: string[] = [];
  // Loop a short clip endlessly (-t on the output cuts it); seek a long one to its segment.
  if (bg.loop) options.push('-stream_loop', '-1');
  else if (bg.startSec > 0) options.push('-ss', round3(bg.startSec));
  return { source: bg.path, options };
}

/** Cover-scale then centre-crop: the picture fills the frame and is never stretched. */
export function coverCrop(w: number, h: number): string {
  return `scale=${w}:${h}:force_original_aspect_ratio=increase:flags=bicubic,crop=${w}:${h},setsar=1`;
}

function videoChain(p: CompileParams): string {
  const { width: w, height: h, fps } = p.preset;
  const subs = `ass=filename=${filterPath(p.assPath)}:fontsdir=${filterPath(p.fontsDir)}`;
  const shape = p.background.kind === 'file' ? `${coverCrop(w, h)},fps=${fps},` : '';
  return `[0:v]${shape}${subs},format=yuv420p[v]`;
}

function audioChain(hasMusic: boolean): string {
  // apad lets the tail run past the last word; the output's -t ends it.
  if (!hasMusic) return `[1:a]aresample=48000,apad,${LOUDNESS},aresample=48000[a]`;
  return [
    '[1:a]aresample=48000,apad,asplit=2[voice][key]',
    `[2:a]aresample=48000,volume=${MUSIC_LEVEL}[music]`,
    `[music][key]${DUCK}[ducked]`,
    `[voice][ducked]amix=inputs=2:duration=first:normalize=0,${LOUDNESS},aresample=48000[a]`,
  ].join(';');
}

function videoEncode(p: ResolvedPreset): string[] {
  return ['-r', String(p.fps), '-c:v', p.videoCodec, '-preset', p.x264Preset, '-crf', String(p.crf), '-pix_fmt', p.pixFmt];
}

function audioEncode(p: ResolvedPreset): string[] {
  return ['-c:a', p.audioCodec, '-b:a', `${p.audioBitrateKbps}k`, '-ar', String(p.audioSampleRate), '-ac', '2'];
}

const MP4 = ['-movflags', '+faststart', '-f', 'mp4'];

/**
 * The whole render as ONE ffmpeg invocation: crop/scale, caption burn-in, voice + ducked music,
 * loudness, H.264/AAC with +faststart. One decode, one encode; no frame passes through JS.
 */
export function buildCompileSpec(p: CompileParams): FfmpegSpec {
  const totalSec = p.voiceDurationSec + (p.tailSec ?? 0.6);
  const inputs: FfmpegInput[] = [backgroundInput(p.background, p.preset, totalSec), { source: p.voiceWav, options: [] }];
  if (p.music !== undefined) inputs.push({ source: p.music, options: ['-stream_loop', '-1'] });
  return {
    inputs,
    filterComplex: `${videoChain(p)};${audioChain(p.music !== undefined)}`,
    outputs: [{ path: p.outPath, options: ['-map', '[v]', '-map', '[a]', '-t', round3(totalSec), ...videoEncode(p.preset), ...audioEncode(p.preset), ...MP4] }],
    durationSec: totalSec,
  };
}

/**
 * The naive approach many generators take, for the benchmark only: crop/scale to a file,
 * mux the audio in a second pass, burn subtitles in a third (two full encodes).
 */
export function buildNaiveMultiPassSpecs(p: CompileParams, tmp: { cropped: string; muxed: string }): FfmpegSpec[] {
  const totalSec = p.voiceDurationSec + (p.tailSec ?? 0.6);
  const { width: w, height: h, fps } = p.preset;
  const crop: FfmpegSpec = {
    inputs: [backgroundInput(p.background, p.preset, totalSec)],
    filterComplex: `[0:v]${p.background.kind === 'file' ? `${coverCrop(w, h)},fps=${fps},` : ''}format=yuv420p[v]`,
    outputs: [{ path: tmp.cropped, options: ['-map', '[v]', '-an', '-t', round3(totalSec), ...videoEncode(p.preset), ...MP4] }],
    durationSec: totalSec,
  };
  const muxInputs: FfmpegInput[] = [{ source: tmp.cropped, options: [] }, { source: p.voiceWav, options: [] }];
  if (p.music !== undefined) muxInputs.push({ source: p.music, options: ['-stream_loop', '-1'] });
  const mux: FfmpegSpec = {
    inputs: muxInputs,
    filterComplex: audioChain(p.music !== undefined),
    outputs: [{ path: tmp.muxed, options: ['-map', '0:v', '-map', '[a]', '-c:v', 'copy', ...audioEncode(p.preset), '-t', round3(totalSec), ...MP4] }],
    durationSec: totalSec,
  };
  const subs: FfmpegSpec = {
    inputs: [{ source: tmp.muxed, options: [] }],
    filterComplex: `[0:v]ass=filename=${filterPath(p.assPath)}:fontsdir=${filterPath(p.fontsDir)},format=yuv420p[v]`,
    outputs: [{ path: p.outPath, options: ['-map', '[v]', '-map', '0:a', '-c:a', 'copy', ...videoEncode(p.preset), ...MP4] }],
    durationSec: totalSec,
  };
  return [crop, mux, subs];
}

/** A JPEG from a moment of the finished video, for rows, the library and the file manager. */
export function buildThumbnailSpec(videoPath: string, atSec: number, outJpg: string, width: number): FfmpegSpec {
  const w = Math.max(2, Math.round(width / 2) * 2);
  return {
    inputs: [{ source: videoPath, options: ['-ss', round3(atSec)] }],
    outputs: [{ path: outJpg, options: ['-frames:v', '1', '-vf', `scale=${w}:-2`, '-q:v', '3', '-f', 'image2'] }],
    durationSec: 0.1,
  };
}
