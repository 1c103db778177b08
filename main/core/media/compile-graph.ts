import { builtinInput } from './backgrounds.js';
import type { FfmpegInput, FfmpegSpec } from './ffmpeg-spec.js';
import { filterPath } from './filter-escape.js';
import type { ResolvedPreset } from './presets.js';

/**
 * Pure builders for the compile stage's ffmpeg invocations. Nothing here touches the disk or
 * spawns anything: the worker's runner executes the specs, tests inspect them.
 */

export type CompileBackground =
  | { kind: 'file'; path: string; startSec: number; loop: boolean }
  | { kind: 'builtin'; name: string };

export interface CompileParams {
  background: CompileBackground;
  voiceWav: string;
  voiceDurationSec: number;
  assPath: string;
  fontsDir: string;
  /** The creator's music track; looped, lowered and ducked under the voice. */
  music?: string;
  preset: ResolvedPreset;
  outPath: string;
  /** Picture after the last word, seconds (default DEFAULT_TAIL_SEC). */
  tailSec?: number;
  /**
   * Encoder threads, for direct runs (benchmarks). Jobs on the worker pool leave this out: the
   * scheduler grants threads per job and the runner adds them.
   */
  threads?: number;
}

export const DEFAULT_TAIL_SEC = 0.6;
/** Platforms normalise to about −14 LUFS; a true peak under −1.5 dBTP survives their AAC re-encode. Single pass (dynamic mode): no measuring run. */
export const LOUDNESS = 'loudnorm=I=-14:TP=-1.5:LRA=11';
/** Music bed level before ducking (about −10 dB): present, never competing with the voice. */
export const MUSIC_GAIN = 0.3;
/** Ducks the music ~10 dB while the voice speaks: fast attack so the first word is clear, slow release so the bed doesn't pump between words. */
export const DUCKING = 'sidechaincompress=threshold=0.02:ratio=10:attack=15:release=350:makeup=1';

/** Seconds as ffmpeg reads them, millisecond precision, no exponent notation. */
function sec(n: number): string {
  return (Math.round(Math.max(0, n) * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
}

export function totalDurationSec(p: Pick<CompileParams, 'voiceDurationSec' | 'tailSec'>): number {
  return Math.round((p.voiceDurationSec + (p.tailSec ?? DEFAULT_TAIL_SEC)) * 1000) / 1000;
}

function backgroundInput(bg: CompileBackground, p: ResolvedPreset, totalSec: number): FfmpegInput {
  if (bg.kind === 'builtin') return builtinInput(bg.name, p.width, p.height, p.fps, totalSec);
  // A short clip loops from its start (the output's -t ends it); a long one is seeked to its
  // segment with an input -ss (fast keyframe seek, then exact decode to the time).
  if (bg.loop) return { source: bg.path, options: ['-stream_loop', '-1'] };
  return { source: bg.path, options: bg.startSec > 0 ? ['-ss', sec(bg.startSec)] : [] };
}

/**
 * Fill a w×h frame from any source without stretching: crop the source to the target aspect
 * (centred, in *display* proportions so anamorphic pixels are honoured, even dimensions for
 * yuv420p), then scale to exactly w×h with square pixels. Cropping first means the scaler
 * works on the part that will be seen, not on an oversized upscale.
 */
export function coverCrop(w: number, h: number): string {
  const aspect = `${w}/${h}`;
  const cw = `2*trunc(min(iw\\,ih*${aspect}/sar)/2)`;
  const ch = `2*trunc(min(ih\\,iw*sar/(${aspect}))/2)`;
  return `crop=w=${cw}:h=${ch}:x=(iw-ow)/2:y=(ih-oh)/2,scale=${w}:${h}:flags=bicubic,setsar=1`;
}

/** The subtitles burn-in: libass with the bundled fonts, both paths escaped for the filtergraph. */
export function assFilter(assPath: string, fontsDir: string): string {
  return `ass=filename=${filterPath(assPath)}:fontsdir=${filterPath(fontsDir)}`;
}

/**
 * Background → frame-shaped picture: crop/scale (file backgrounds; built-ins are drawn at size),
 * target fps, yuv420p. ffmpeg has already applied a phone clip's rotation (autorotate is on),
 * so the crop sees the picture upright. A non-looping clip holds its last frame if it runs
 * out early, instead of ending the video stream before the voice.
 */
function pictureChain(bg: CompileBackground, p: ResolvedPreset): string {
  const { width: w, height: h, fps } = p;
  if (bg.kind === 'builtin') return `setsar=1,fps=${fps},format=yuv420p`;
  const hold = bg.loop ? '' : ',tpad=stop=-1:stop_mode=clone';
  return `${coverCrop(w, h)},fps=${fps}${hold},format=yuv420p`;
}

/**
 * Voice (input 1) [+ music (input 2)] → one normalised track. The voice is padded with silence
 * so the tail after the last word has sound; the music bed is lowered and ducked by the voice
 * (sidechain), mixed without amix's input normalisation (which would halve the voice), then
 * the whole mix is loudness-normalised.
 */
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

function threadArgs(p: Pick<CompileParams, 'threads'>): string[] {
  return p.threads !== undefined ? ['-threads', String(p.threads)] : [];
}

function videoEncode(p: ResolvedPreset): string[] {
  return ['-r', String(p.fps), '-c:v', p.videoCodec, '-preset', p.x264Preset, '-crf', String(p.crf), '-pix_fmt', p.pixFmt];
}

function audioEncode(p: ResolvedPreset): string[] {
  return ['-c:a', p.audioCodec, '-b:a', `${p.audioBitrateKbps}k`, '-ar', String(p.audioSampleRate), '-ac', '2'];
}

/**
 * MP4 for the platforms: index at the front (+faststart) so uploads and previews start at
 * once, and none of the source's metadata (a phone clip's GPS position, its title, chapters).
 */
const MP4_OUT = ['-map_metadata', '-1', '-map_chapters', '-1', '-movflags', '+faststart', '-f', 'mp4'];

function musicInput(music: string): FfmpegInput {
  return { source: music, options: ['-stream_loop', '-1'] };
}

/**
 * The whole render as ONE ffmpeg invocation: crop/scale, caption burn-in, voice + ducked music,
 * loudness, H.264/AAC with +faststart. One decode, one encode; no frame passes through
 * JavaScript. Only the mapped streams are written: the background's own audio is ignored.
 */
export function buildCompileSpec(p: CompileParams): FfmpegSpec {
  const totalSec = totalDurationSec(p);
  const inputs: FfmpegInput[] = [backgroundInput(p.background, p.preset, totalSec), { source: p.voiceWav, options: [] }];
  if (p.music !== undefined) inputs.push(musicInput(p.music));
  const video = `[0:v]${pictureChain(p.background, p.preset)},${assFilter(p.assPath, p.fontsDir)}[v]`;
  const audio = audioChain('1:a', p.music !== undefined ? '2:a' : null, 'a');
  return {
    inputs,
    filterComplex: `${video};${audio}`,
    outputs: [{
      path: p.outPath,
      options: ['-map', '[v]', '-map', '[a]', '-t', sec(totalSec), ...threadArgs(p), ...videoEncode(p.preset), ...audioEncode(p.preset), ...MP4_OUT],
    }],
    durationSec: totalSec,
  };
}

/**
 * The naive approach many generators take, kept for the benchmark only: crop/scale to a file,
 * mux the audio in a second pass, burn the subtitles in a third — two full video encodes and
 * three decodes for the same result.
 */
export function buildNaiveMultiPassSpecs(p: CompileParams, tmp: { cropped: string; muxed: string }): FfmpegSpec[] {
  const totalSec = totalDurationSec(p);
  const t = sec(totalSec);
  const crop: FfmpegSpec = {
    inputs: [backgroundInput(p.background, p.preset, totalSec)],
    filterComplex: `[0:v]${pictureChain(p.background, p.preset)}[v]`,
    outputs: [{ path: tmp.cropped, options: ['-map', '[v]', '-an', '-t', t, ...threadArgs(p), ...videoEncode(p.preset), ...MP4_OUT] }],
    durationSec: totalSec,
  };
  const muxInputs: FfmpegInput[] = [{ source: tmp.cropped, options: [] }, { source: p.voiceWav, options: [] }];
  if (p.music !== undefined) muxInputs.push(musicInput(p.music));
  const mux: FfmpegSpec = {
    inputs: muxInputs,
    filterComplex: audioChain('1:a', p.music !== undefined ? '2:a' : null, 'a'),
    outputs: [{ path: tmp.muxed, options: ['-map', '0:v', '-map', '[a]', '-c:v', 'copy', ...audioEncode(p.preset), '-t', t, ...MP4_OUT] }],
    durationSec: totalSec,
  };
  const subs: FfmpegSpec = {
    inputs: [{ source: tmp.muxed, options: [] }],
    filterComplex: `[0:v]${assFilter(p.assPath, p.fontsDir)},format=yuv420p[v]`,
    outputs: [{ path: p.outPath, options: ['-map', '[v]', '-map', '0:a', '-c:a', 'copy', ...threadArgs(p), ...videoEncode(p.preset), ...MP4_OUT] }],
    durationSec: totalSec,
  };
  return [crop, mux, subs];
}

/** A JPEG of one moment of the finished video (queue rows, library, file managers), `width` wide. */
export function buildThumbnailSpec(videoPath: string, atSec: number, outJpg: string, width: number): FfmpegSpec {
  const w = Math.max(2, Math.round(width / 2) * 2);
  return {
    inputs: [{ source: videoPath, options: ['-ss', sec(atSec)] }],
    outputs: [{ path: outJpg, options: ['-frames:v', '1', '-an', '-vf', `scale=${w}:-2:flags=bicubic`, '-q:v', '3', '-f', 'image2', '-update', '1'] }],
    durationSec: 0.1,
  };
}
