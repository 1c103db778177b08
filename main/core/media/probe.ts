import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';

const execFileAsync = promisify(execFile);

export interface MediaInfo {
  /** Absolute path that was probed. */
  path: string;
  durationSec: number;
  hasVideo: boolean;
  hasAudio: boolean;
  /** Display size: coded size with a 90°/270° rotation applied (a phone's portrait clip is tall). 0 without video. */
  width: number;
  height: number;
  /** Clockwise display rotation in degrees, normalised to 0, 90, 180 or 270. */
  rotation: number;
  /** Average frame rate; 0 when unknown or without video. */
  fps: number;
  videoCodec: string | null;
  audioCodec: string | null;
  sizeBytes: number;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

interface ProbeJson {
  streams?: ProbeStream[];
  format?: { duration?: string; format_name?: string };
}

/** ffmpeg's protocol prefix: makes a name like "-clip.mp4" or "a:b.mp4" unambiguous. */
export function fileArg(file: string): string {
  return `file:${path.resolve(file)}`;
}

/**
 * Probe a media file once (every ffprobe launch costs ~50 ms; callers keep the result).
 * Throws UserError('input') naming the file when it is missing, empty, not media, truncated,
 * or has no video stream — each message says what to do.
 */
export async function probeMedia(ffprobePath: string, file: string): Promise<MediaInfo> {
  const abs = path.resolve(file);
  let sizeBytes: number;
  try {
    const st = await stat(abs);
    if (!st.isFile()) throw new UserError('input', `${abs} is not a file: pass a video file.`, abs);
    sizeBytes = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('input', `${abs} does not exist: check the path.`, abs, { cause: err });
  }
  if (sizeBytes === 0) throw new UserError('input', `${abs} is empty (0 bytes): pick another file.`, abs);

  let json: ProbeJson;
  try {
    const { stdout } = await execFileAsync(
      ffprobePath,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', fileArg(abs)],
      // A probe reads headers only; a minute means a hung network share, not a slow file.
      { maxBuffer: 16 * 1024 * 1024, windowsHide: true, timeout: 60_000 },
    );
    json = JSON.parse(stdout) as ProbeJson;
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim().split('\n').pop() ?? '';
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError('config', `ffprobe was not found at ${ffprobePath}: set FFPROBE_PATH or install ffmpeg.`, 'FFPROBE_PATH', { cause: err });
    }
    throw new UserError('input', `${abs} is not a readable media file (damaged, truncated or not audio/video${stderr ? `: ${stderr}` : ''}): export it again or pick another file.`, abs, { cause: err });
  }
  return toMediaInfo(json, abs, sizeBytes);
}

/** Pure: ffprobe JSON → MediaInfo, with the same errors as probeMedia. Exported for tests. */
export function toMediaInfo(json: ProbeJson, abs: string, sizeBytes: number): MediaInfo {
  const streams = json.streams ?? [];
  // Cover art in an .m4a/.mp3 is a "video" stream with attached_pic: not a background.
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const durationSec = firstPositive(json.format?.duration, video?.duration, audio?.duration);
  if (durationSec === undefined) {
    throw new UserError('input', `${abs} is not a readable media file (no duration: damaged, truncated or not audio/video): export it again or pick another file.`, abs);
  }
  if (!video) {
    throw new UserError('input', `${abs} has no video stream: use a video clip as the background.`, abs);
  }
  const rotation = readRotation(video);
  const codedW = video.width ?? 0;
  const codedH = video.height ?? 0;
  const swap = rotation === 90 || rotation === 270;
  return {
    path: abs,
    durationSec,
    hasVideo: true,
    hasAudio: audio !== undefined,
    width: swap ? codedH : codedW,
    height: swap ? codedW : codedH,
    rotation,
    fps: parseRate(video.avg_frame_rate) || parseRate(video.r_frame_rate),
    videoCodec: video.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    sizeBytes,
  };
}

/**
 * Rotation lives in the legacy `rotate` tag (older muxers, ffmpeg < 5) or in a display-matrix
 * side data entry (ffmpeg ≥ 5, where it is counter-clockwise and often negative: -90 means a
 * 90° clockwise turn for display). Normalised to clockwise 0/90/180/270.
 */
function readRotation(s: ProbeStream): number {
  const matrix = s.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number');
  let cw: number | undefined;
  if (matrix?.rotation !== undefined) cw = -matrix.rotation;
  else if (s.tags?.rotate !== undefined && Number.isFinite(Number(s.tags.rotate))) cw = Number(s.tags.rotate);
  if (cw === undefined) return 0;
  const r = ((Math.round(cw / 90) * 90) % 360 + 360) % 360;
  return r;
}

function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [n, d] = rate.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n)) return 0;
  if (d === undefined) return n;
  return d > 0 && Number.isFinite(d) ? n / d : 0;
}

function firstPositive(...values: (string | undefined)[]): number | undefined {
  for (const v of values) {
    const n = Number(v);
    if (v !== undefined && Number.isFinite(n) && n > 0) return n;
  }
  return undefined;
}

/**
 * A music track must have sound: checked before any stage runs, so a video clip with no audio
 * given as --music fails at once, named, instead of inside the encode after the voice is done.
 * (Missing and empty files are refused before this, by the request's own checks.)
 */
export async function requireAudioStream(ffprobePath: string, file: string, what = 'Music'): Promise<void> {
  const abs = path.resolve(file);
  let json: ProbeJson;
  try {
    const { stdout } = await execFileAsync(ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_streams', '-select_streams', 'a', fileArg(abs)], {
      maxBuffer: 4 * 1024 * 1024, windowsHide: true, timeout: 60_000,
    });
    json = JSON.parse(stdout) as ProbeJson;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError('config', `ffprobe was not found at ${ffprobePath}: set FFPROBE_PATH or install ffmpeg.`, 'FFPROBE_PATH', { cause: err });
    }
    throw new UserError('input', `${what} ${abs} is not a readable audio file (damaged, truncated or not audio): export it again or pick another file.`, abs, { cause: err });
  }
  if ((json.streams ?? []).length === 0) {
    throw new UserError('input', `${what} ${abs} has no audio stream: pick a track with sound (mp3, m4a, wav…).`, abs);
  }
}
