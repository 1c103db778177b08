import { builtinInput } from '../backgrounds.js';
import type { FfmpegInput } from '../ffmpeg-spec.js';
import type { ResolvedPreset } from '../presets.js';
import { sec, type GraphPart } from './graph-part.js';
import { stillMotionChain, type StillMove } from './still-motion.js';

/** Where a shot's pictures come from. */
export type ShotSource =
  /** A clip from its in-point; `loop` replays a clip shorter than the shot, `speed` < 1 slows a scene a little short for it. */
  | { kind: 'file'; path: string; startSec: number; loop: boolean; speed?: number }
  /** A photo or picture, with a slow Ken Burns move. */
  | { kind: 'still'; path: string; move: StillMove }
  | { kind: 'builtin'; name: string };

/** One shot of the picture track; shots are laid end to end from 0. */
export interface CompileShot {
  source: ShotSource;
  durationSec: number;
}

/** 'cut' on sentence boundaries, or a cross-dissolve of FADE_SEC centred on each. */
export type ShotTransition = 'cut' | 'fade';
export const FADE_SEC = 0.25;

/** Seconds an input is read past what its shot needs: decoders stop early, and the trim is exact anyway. */
const READ_SLACK_SEC = 0.5;

/**
 * Fill a w×h frame from any source without stretching: crop the source to the target aspect
 * (centred, in *display* proportions so anamorphic pixels are honoured, even dimensions for
 * yuv420p), then scale to exactly w×h with square pixels. Cropping first means the scaler
 * works on the part that will be seen, not on an oversized upscale (a 4K source is brought
 * down to the frame at once, so later filters and the queue between them hold small frames).
 */
export function coverCrop(w: number, h: number): string {
  const aspect = `${w}/${h}`;
  const cw = `2*trunc(min(iw\\,ih*${aspect}/sar)/2)`;
  const ch = `2*trunc(min(ih\\,iw*sar/(${aspect}))/2)`;
  return `crop=w=${cw}:h=${ch}:x=(iw-ow)/2:y=(ih-oh)/2,scale=${w}:${h}:flags=bicubic,setsar=1`;
}

/**
 * A shot's input. A single shot is not limited (the output's -t ends it); with several, each
 * file is read only for its own span (`-t` on the input), so twenty decoders don't each keep
 * demuxing a long clip nobody will see.
 */
function shotInput(s: CompileShot, p: ResolvedPreset, limited: boolean): FfmpegInput {
  const src = s.source;
  if (src.kind === 'builtin') return builtinInput(src.name, p.width, p.height, p.fps, s.durationSec);
  if (src.kind === 'still') return { source: src.path, options: [] };
  // With several shots, concat decodes one input at a time: a frame-threaded decoder would only
  // hold more frames per input (measured: 20 shots of 1080p, 948 → 595 MB peak), never decode faster
  // than the encode needs.
  const read = limited ? ['-threads', '1', '-t', sec(s.durationSec / (src.speed ?? 1) + READ_SLACK_SEC)] : [];
  // A short clip loops from its start; a long one is seeked to its in-point with an input -ss
  // (fast keyframe seek, then exact decode to the time).
  if (src.loop) return { source: src.path, options: ['-stream_loop', '-1', ...read] };
  return { source: src.path, options: [...(src.startSec > 0 ? ['-ss', sec(src.startSec)] : []), ...read] };
}

/**
 * A source → frame-shaped picture: crop/scale (files; built-ins are drawn at size), target
 * fps, yuv420p. ffmpeg has already applied a phone clip's rotation (autorotate is on), so the
 * crop sees the picture upright. A clip that runs out before its shot ends holds its last
 * frame instead of ending the picture early (never a black frame); a slowed one is retimed
 * before the frame rate is fixed, so its frames are repeated evenly.
 */
export function pictureChain(src: ShotSource, p: ResolvedPreset, durationSec = 0): string {
  const { width: w, height: h, fps } = p;
  if (src.kind === 'builtin') return `setsar=1,fps=${fps},format=yuv420p`;
  if (src.kind === 'still') return stillMotionChain(coverCrop(w, h), src.move, Math.ceil(durationSec * fps), fps);
  const slow = src.speed !== undefined && src.speed < 1 ? `,setpts=(PTS-STARTPTS)/${src.speed}` : '';
  const hold = src.loop ? '' : ',tpad=stop=-1:stop_mode=clone';
  return `${coverCrop(w, h)}${slow},fps=${fps}${hold},format=yuv420p`;
}

/** Adjacent shots of the same built-in look play as one, so its animation doesn't restart at the cut. */
function joinBuiltins(shots: readonly CompileShot[]): CompileShot[] {
  const out: CompileShot[] = [];
  for (const s of shots) {
    const prev = out.at(-1);
    if (prev && prev.source.kind === 'builtin' && s.source.kind === 'builtin' && prev.source.name === s.source.name) {
      out[out.length - 1] = { source: prev.source, durationSec: prev.durationSec + s.durationSec };
    } else {
      out.push(s);
    }
  }
  return out;
}

/**
 * The picture track: every shot opened as its own input, shaped to the frame and, when there
 * is more than one, trimmed to its length and concatenated (cuts) or cross-dissolved (fade)
 * inside the graph — one decode per source and no intermediate files. For a fade each shot
 * plays FADE_SEC/2 into its neighbours so every dissolve is centred on its sentence boundary
 * and the track keeps its length. A single shot is not trimmed: the output's -t ends it.
 */
export function buildVideoTrack(shots: readonly CompileShot[], p: ResolvedPreset, firstInput: number, transition: ShotTransition = 'cut'): GraphPart {
  if (shots.length === 0) throw new Error('buildVideoTrack needs at least one shot');
  const joined = joinBuiltins(shots);
  if (joined.length === 1) {
    const only = joined[0] as CompileShot;
    return { inputs: [shotInput(only, p, false)], filter: `[${firstInput}:v]${pictureChain(only.source, p, only.durationSec)}[base]`, out: 'base' };
  }
  const fade = transition === 'fade';
  const half = fade ? FADE_SEC / 2 : 0;
  const n = joined.length;
  // Each shot's own length on screen, plus the overlap a dissolve needs on each inner side.
  const lengths = joined.map((s, i) => s.durationSec + (i > 0 ? half : 0) + (i < n - 1 ? half : 0));
  const inputs = joined.map((s, i) => shotInput({ ...s, durationSec: lengths[i] as number }, p, true));
  const chains = joined.map((s, i) => `[${firstInput + i}:v]${pictureChain(s.source, p, lengths[i])},trim=duration=${sec(lengths[i] as number)},setpts=PTS-STARTPTS[shot${i}]`);
  if (!fade) {
    const labels = joined.map((_, i) => `[shot${i}]`).join('');
    return { inputs, filter: `${chains.join(';')};${labels}concat=n=${n}:v=1:a=0[base]`, out: 'base' };
  }
  // xfade k starts FADE_SEC/2 before shot k's boundary on the running timeline.
  const steps: string[] = [];
  let start = 0;
  let prev = 'shot0';
  for (let k = 1; k < n; k++) {
    start += (joined[k - 1] as CompileShot).durationSec;
    const out = k === n - 1 ? 'base' : `fade${k}`;
    steps.push(`[${prev}][shot${k}]xfade=transition=fade:duration=${sec(FADE_SEC)}:offset=${sec(start - half)}[${out}]`);
    prev = out;
  }
  return { inputs, filter: `${chains.join(';')};${steps.join(';')}`, out: 'base' };
}
