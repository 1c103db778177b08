/**
 * One ffmpeg invocation described as data. Builders (pure) produce it; the worker's
 * ffmpeg runner (the only module that knows fluent-ffmpeg) executes it; `specToArgs`
 * gives the equivalent argv for direct runs (benchmarks, debugging). Never a shell string.
 */
export interface FfmpegInput {
  /** A file path, or a lavfi graph when options contain ['-f', 'lavfi']. */
  source: string;
  /** Options placed before this input's -i (e.g. ['-stream_loop', '-1'], ['-ss', '3.2']). */
  options: string[];
}

export interface FfmpegOutput {
  path: string;
  /** Options for this output: maps, codecs, -t, -movflags, ... */
  options: string[];
}

export interface FfmpegSpec {
  inputs: FfmpegInput[];
  /** The -filter_complex graph, if any. */
  filterComplex?: string;
  outputs: FfmpegOutput[];
  /** Expected output duration, for progress percent and ETA. */
  durationSec: number;
}

/** The argv (without the ffmpeg binary) equivalent to a spec. */
export function specToArgs(spec: FfmpegSpec, extraGlobal: string[] = []): string[] {
  const args: string[] = ['-hide_banner', '-nostdin', '-y', ...extraGlobal];
  for (const input of spec.inputs) {
    args.push(...input.options, '-i', input.source);
  }
  if (spec.filterComplex !== undefined) args.push('-filter_complex', spec.filterComplex);
  for (const output of spec.outputs) {
    args.push(...output.options, output.path);
  }
  return args;
}
