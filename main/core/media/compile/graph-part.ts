import type { FfmpegInput } from '../ffmpeg-spec.js';

/**
 * One part of the compile's filter graph: the inputs it opens and its filter chains. A part is
 * told the index of its first input and the labels it reads, and names the label it writes, so
 * parts compose into ONE ffmpeg invocation without knowing each other.
 */
export interface GraphPart {
  inputs: FfmpegInput[];
  /** Filter chains joined with ';' (may be empty when the part only passes a label on). */
  filter: string;
  /** The label of the part's result, without brackets. */
  out: string;
}

/** Seconds as ffmpeg reads them, millisecond precision, no exponent notation. */
export function sec(n: number): string {
  return (Math.round(Math.max(0, n) * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
}
