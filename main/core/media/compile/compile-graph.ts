import type { FfmpegInput, FfmpegSpec } from '../ffmpeg-spec.js';
import type { ResolvedPreset } from '../presets.js';
import { buildAudioMix, type AudioMix } from './audio-mix.js';
import { sec } from './graph-part.js';
import { buildOverlays, assFilter, type Overlays } from './overlays.js';
import { buildVideoTrack, type CompileShot, type ShotTransition } from './video-track.js';

/**
 * Pure builders for the compile stage's ffmpeg invocations. Nothing here touches the disk or
 * spawns anything: the worker's runner executes the specs, tests inspect them. The graph is
 * assembled from parts (picture track, overlays, sound) that each open their own inputs.
 */

export interface CompileParams {
  /** The picture track: shots end to end (one shot for a single background). */
  shots: CompileShot[];
  /** Between shots: a cut (default) or a short cross-dissolve. */
  transition?: ShotTransition;
  audio: AudioMix;
  overlays: Overlays;
  preset: ResolvedPreset;
  outPath: string;
  /** Length of the video: the voice plus its tail (see totalDurationSec). */
  totalSec: number;
  /**
   * Also write a JPEG of the finished picture at `atSec`, `width` wide, as a second output of
   * this same pass: the thumbnail then never waits for a worker behind other videos' encodes.
   */
  thumbnail?: { path: string; atSec: number; width: number };
  /**
   * Encoder threads, for direct runs (benchmarks). Jobs on the worker pool leave this out: the
   * scheduler grants threads per job and the runner adds them.
   */
  threads?: number;
}

/** Seconds of picture after the last word, so the video doesn't cut off mid-breath. */
export const DEFAULT_TAIL_SEC = 0.6;

export function totalDurationSec(voiceDurationSec: number, tailSec = DEFAULT_TAIL_SEC): number {
  return Math.round((voiceDurationSec + tailSec) * 1000) / 1000;
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

/**
 * The whole render as ONE ffmpeg invocation: the picture track (crop/scale of every shot),
 * caption burn-in, voice + ducked music, loudness, H.264/AAC with +faststart. One decode per
 * source, one encode; no frame passes through JavaScript. Only the mapped streams are written:
 * the sources' own audio is ignored.
 */
export function buildCompileSpec(p: CompileParams): FfmpegSpec {
  const video = buildVideoTrack(p.shots, p.preset, 0, p.transition);
  const overlays = buildOverlays(p.overlays, video.out, video.inputs.length);
  const audio = buildAudioMix(p.audio, video.inputs.length + overlays.inputs.length);
  const inputs: FfmpegInput[] = [...video.inputs, ...overlays.inputs, ...audio.inputs];
  const thumb = p.thumbnail ? thumbnailBranch(overlays.out, p.thumbnail) : null;
  return {
    inputs,
    filterComplex: [video.filter, overlays.filter, thumb?.filter ?? '', audio.filter].filter((f) => f !== '').join(';'),
    outputs: [
      {
        path: p.outPath,
        options: ['-map', `[${thumb?.main ?? overlays.out}]`, '-map', `[${audio.out}]`, '-t', sec(p.totalSec), ...threadArgs(p), ...videoEncode(p.preset), ...audioEncode(p.preset), ...MP4_OUT],
      },
      ...(thumb && p.thumbnail ? [{ path: p.thumbnail.path, options: ['-map', `[${thumb.out}]`, ...JPEG_OUT] }] : []),
    ],
    durationSec: p.totalSec,
  };
}

/** One frame, good quality, overwriting: the thumbnail output's options. */
const JPEG_OUT = ['-frames:v', '1', '-an', '-q:v', '3', '-f', 'image2', '-update', '1'];

/**
 * Splits the finished picture: one branch to the encoder, one frame at `atSec` scaled for the
 * JPEG. The thumbnail branch must end by itself (a short trim): a branch that stays open after
 * its output took its one frame keeps ffmpeg running forever on a looped (-stream_loop -1) clip.
 */
function thumbnailBranch(label: string, t: { atSec: number; width: number }): { filter: string; main: string; out: string } {
  const w = Math.max(2, Math.round(t.width / 2) * 2);
  return {
    filter: `[${label}]split=2[vmain][vthumb];[vthumb]trim=start=${sec(t.atSec)}:duration=0.5,setpts=PTS-STARTPTS,scale=${w}:-2:flags=bicubic[thumb]`,
    main: 'vmain',
    out: 'thumb',
  };
}

/**
 * The naive approach many generators take, kept for the benchmark only: crop/scale to a file,
 * mux the audio in a second pass, burn the subtitles in a third — two full video encodes and
 * three decodes for the same result.
 */
export function buildNaiveMultiPassSpecs(p: CompileParams, tmp: { cropped: string; muxed: string }): FfmpegSpec[] {
  const t = sec(p.totalSec);
  const video = buildVideoTrack(p.shots, p.preset, 0, p.transition);
  const crop: FfmpegSpec = {
    inputs: video.inputs,
    filterComplex: video.filter,
    outputs: [{ path: tmp.cropped, options: ['-map', `[${video.out}]`, '-an', '-t', t, ...threadArgs(p), ...videoEncode(p.preset), ...MP4_OUT] }],
    durationSec: p.totalSec,
  };
  const audio = buildAudioMix(p.audio, 1);
  const mux: FfmpegSpec = {
    inputs: [{ source: tmp.cropped, options: [] }, ...audio.inputs],
    filterComplex: audio.filter,
    outputs: [{ path: tmp.muxed, options: ['-map', '0:v', '-map', `[${audio.out}]`, '-c:v', 'copy', ...audioEncode(p.preset), '-t', t, ...MP4_OUT] }],
    durationSec: p.totalSec,
  };
  const subs: FfmpegSpec = {
    inputs: [{ source: tmp.muxed, options: [] }],
    filterComplex: `[0:v]${assFilter(p.overlays.assPath, p.overlays.fontsDir)},format=yuv420p[v]`,
    outputs: [{ path: p.outPath, options: ['-map', '[v]', '-map', '0:a', '-c:a', 'copy', ...threadArgs(p), ...videoEncode(p.preset), ...MP4_OUT] }],
    durationSec: p.totalSec,
  };
  return [crop, mux, subs];
}

/** A JPEG of one moment of the finished video (queue rows, library, file managers), `width` wide. */
export function buildThumbnailSpec(videoPath: string, atSec: number, outJpg: string, width: number): FfmpegSpec {
  const w = Math.max(2, Math.round(width / 2) * 2);
  return {
    inputs: [{ source: videoPath, options: ['-ss', sec(atSec)] }],
    outputs: [{ path: outJpg, options: ['-vf', `scale=${w}:-2:flags=bicubic`, ...JPEG_OUT] }],
    durationSec: 0.1,
  };
}
