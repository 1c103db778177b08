/**
 * Loudness of an audio graph, measured by ffmpeg's ebur128 filter with the output thrown away:
 * audio only, so a 30-second voice takes a fraction of a second. Runs in the calling process
 * like ffprobe does: it is short, single-threaded and its answer is cached by the caller.
 */
import { ffmpegNotFound, runCaptured } from '../../binaries/run-captured.js';
import { UserError } from '../../errors.js';
import type { FfmpegInput } from '../ffmpeg-spec.js';
import { parseEbur128Summary, type Loudness } from './ebur128.js';

export interface AudioGraph {
  inputs: FfmpegInput[];
  /** A -filter_complex whose final audio pad is labelled `out`. */
  filter: string;
  /** Stop after this many seconds of output (the video's length), if set. */
  durationSec?: number;
}

/** The argv for measuring a graph (pure; exported for tests). */
export function measureArgs(g: AudioGraph): string[] {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info'];
  for (const input of g.inputs) args.push(...input.options, '-i', input.source);
  args.push('-filter_complex', `${g.filter};[out]ebur128=peak=true:framelog=verbose[measured]`, '-map', '[measured]');
  if (g.durationSec !== undefined) args.push('-t', (Math.round(g.durationSec * 1000) / 1000).toFixed(3));
  args.push('-f', 'null', '-');
  return args;
}

export async function measureLoudness(ffmpeg: string, g: AudioGraph, signal?: AbortSignal): Promise<Loudness> {
  // The summary is the last few hundred bytes; keep a bounded tail of the log.
  const run = await runCaptured(ffmpeg, measureArgs(g), { what: 'Measuring loudness', notFound: ffmpegNotFound(ffmpeg), signal, stderrTail: 16_000 });
  const summary = parseEbur128Summary(run.stderr);
  if (run.code !== 0 || summary === null) {
    const last = run.stderr.trim().split('\n').filter((l) => !l.startsWith('[Parsed_ebur128')).pop() ?? '';
    const file = g.inputs.find((i) => !i.options.includes('lavfi'))?.source;
    throw new UserError('input', `The audio${file ? ` ${file}` : ''} could not be measured (ffmpeg exit ${String(run.code)}: ${last}): check that it is a readable audio file.`, file);
  }
  return summary;
}
