/**
 * Scene cuts in a clip, found on a small decode (pure parts: the ffmpeg arguments and the
 * parsing of what it prints). A cut is where ffmpeg's scene score jumps; spans shorter than a
 * flash are folded into their neighbour, and a long clip is capped at a few dozen scenes.
 */
import type { SceneSpan } from '../shots/types.js';

/** ffmpeg scdet's score (0..100) above which two frames are different shots (its default is 10). */
export const SCENE_THRESHOLD = 12;
/** A "scene" shorter than this is a flash, a fade or a detector hiccup: part of its neighbour. */
export const MIN_SCENE_SEC = 0.6;
export const MAX_SCENES = 40;
/** Above this many seconds × megapixels, only keyframes are decoded (a 10-minute 4K clip). */
export const FULL_DECODE_BUDGET = 120 * 2.1;

/** Keyframes only for long or huge clips: cuts in edited footage start a keyframe anyway. */
export function keyframesOnly(durationSec: number, width: number, height: number): boolean {
  return durationSec * ((width * height) / 1e6) > FULL_DECODE_BUDGET;
}

/**
 * Arguments (after the ffmpeg binary) that print the time of every cut to stderr. scdet passes
 * every frame on, so the progress lines also say how far the clip really decodes.
 */
export function sceneDetectArgs(fileArg: string, opts: { keyframesOnly: boolean; threads?: number }): string[] {
  return [
    '-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:2',
    ...(opts.keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    ...(opts.threads !== undefined ? ['-threads', String(opts.threads)] : []),
    '-i', fileArg,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    // Scored on a 160-px-wide copy: cuts show at any size, and scaling down first makes scoring cheap.
    '-vf', `scale=160:-2:flags=fast_bilinear,scdet=threshold=${SCENE_THRESHOLD}`,
    '-f', 'null', '-',
  ];
}

/** Cut times from scdet's log lines (`[scdet @ 0x…] lavfi.scd.score: 21.566, lavfi.scd.time: 3.52`). */
export function parseCutTimes(lines: readonly string[]): number[] {
  const out: number[] = [];
  for (const line of lines) {
    const m = /lavfi\.scd\.time:\s*(-?\d+(?:\.\d+)?)/.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/** Cuts → scene spans over [0, duration], flashes folded in, at most MAX_SCENES. */
export function scenesFromCuts(cuts: readonly number[], durationSec: number): SceneSpan[] {
  const sorted = [...new Set(cuts)].filter((t) => t > 0 && t < durationSec).sort((a, b) => a - b);
  let spans: SceneSpan[] = [];
  let start = 0;
  for (const t of sorted) {
    if (t - start >= MIN_SCENE_SEC) {
      spans.push({ startSec: round(start), endSec: round(t) });
      start = t;
    }
  }
  if (durationSec - start >= MIN_SCENE_SEC || spans.length === 0) spans.push({ startSec: round(start), endSec: round(durationSec) });
  else (spans.at(-1) as SceneSpan).endSec = round(durationSec);
  // Too many: join the shortest scene to its shorter neighbour until few enough remain.
  while (spans.length > MAX_SCENES) {
    let i = 0;
    for (let j = 1; j < spans.length; j++) if (len(spans[j] as SceneSpan) < len(spans[i] as SceneSpan)) i = j;
    const left = spans[i - 1];
    const right = spans[i + 1];
    const a = left !== undefined && (right === undefined || len(left) <= len(right)) ? i - 1 : i;
    spans = [...spans.slice(0, a), { startSec: (spans[a] as SceneSpan).startSec, endSec: (spans[a + 1] as SceneSpan).endSec }, ...spans.slice(a + 2)];
  }
  return spans;
}

/** Where a scene's thumbnail is taken: its middle, clear of the cuts at either end. */
export function thumbnailTime(scene: SceneSpan): number {
  return round((scene.startSec + scene.endSec) / 2);
}

function len(s: SceneSpan): number {
  return s.endSec - s.startSec;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
