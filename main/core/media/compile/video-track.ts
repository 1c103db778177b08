import { builtinInput } from '../backgrounds.js';
import type { FfmpegInput } from '../ffmpeg-spec.js';
import type { ResolvedPreset } from '../presets.js';
import { sec, type GraphPart } from './graph-part.js';

/** Where a shot's pictures come from. */
export type ShotSource =
  | { kind: 'file'; path: string; startSec: number; loop: boolean }
  | { kind: 'builtin'; name: string };

/** One shot of the picture track; shots are laid end to end from 0. */
export interface CompileShot {
  source: ShotSource;
  durationSec: number;
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

function shotInput(s: CompileShot, p: ResolvedPreset): FfmpegInput {
  const src = s.source;
  if (src.kind === 'builtin') return builtinInput(src.name, p.width, p.height, p.fps, s.durationSec);
  // A short clip loops from its start (trimmed to the shot); a long one is seeked to its
  // in-point with an input -ss (fast keyframe seek, then exact decode to the time).
  if (src.loop) return { source: src.path, options: ['-stream_loop', '-1'] };
  return { source: src.path, options: src.startSec > 0 ? ['-ss', sec(src.startSec)] : [] };
}

/**
 * A source → frame-shaped picture: crop/scale (files; built-ins are drawn at size), target
 * fps, yuv420p. ffmpeg has already applied a phone clip's rotation (autorotate is on), so the
 * crop sees the picture upright. A clip that runs out before its shot ends holds its last
 * frame instead of ending the picture early.
 */
export function pictureChain(src: ShotSource, p: ResolvedPreset): string {
  const { width: w, height: h, fps } = p;
  if (src.kind === 'builtin') return `setsar=1,fps=${fps},format=yuv420p`;
  const hold = src.loop ? '' : ',tpad=stop=-1:stop_mode=clone';
  return `${coverCrop(w, h)},fps=${fps}${hold},format=yuv420p`;
}

/**
 * The picture track: every shot opened as its own input, shaped to the frame and, when there
 * is more than one, trimmed to its length and concatenated inside the graph — one decode per
 * source and no intermediate files. A single shot is not trimmed: the output's -t ends it.
 */
export function buildVideoTrack(shots: readonly CompileShot[], p: ResolvedPreset, firstInput: number): GraphPart {
  if (shots.length === 0) throw new Error('buildVideoTrack needs at least one shot');
  const inputs = shots.map((s) => shotInput(s, p));
  if (shots.length === 1) {
    const only = shots[0] as CompileShot;
    return { inputs, filter: `[${firstInput}:v]${pictureChain(only.source, p)}[base]`, out: 'base' };
  }
  const chains = shots.map((s, i) => `[${firstInput + i}:v]${pictureChain(s.source, p)},trim=duration=${sec(s.durationSec)},setpts=PTS-STARTPTS[shot${i}]`);
  const labels = shots.map((_, i) => `[shot${i}]`).join('');
  return { inputs, filter: `${chains.join(';')};${labels}concat=n=${shots.length}:v=1:a=0[base]`, out: 'base' };
}
