import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { cancelledError, UserError } from '../main/core/errors.js';
import type { FfmpegSpec } from '../main/core/media/ffmpeg-spec.js';
import { FfmpegProgressParser } from '../main/core/media/progress.js';
import type { FfmpegResult, JobProgress, RunnerContext } from '../main/core/pool/protocol.js';

/**
 * Runs one FfmpegSpec inside a media worker. This is the only module in the project that knows
 * fluent-ffmpeg (unmaintained upstream): builders stay pure data, and replacing the executor
 * touches this one file.
 */

export interface FfmpegJob {
  spec: FfmpegSpec;
  /** Threads the scheduler grants this job (workers × threads ≈ cores); ffmpeg decides when absent. */
  threads?: number;
}

export type FfmpegRunnerContext = RunnerContext & {
  ffmpegPath: string;
  /** Called once ffmpeg is spawned (diagnostics, orphan checks). */
  onStart?: (pid: number) => void;
};

/** How long ffmpeg gets after SIGTERM to stop cleanly before SIGKILL. */
export const KILL_GRACE_MS = 1500;
/** stderr lines kept for error messages. */
const STDERR_TAIL_LINES = 40;
/** Lines quoted in an error message. */
const ERROR_LINES = 6;

function buildCommand(job: FfmpegJob, ffmpegPath: string): ffmpeg.FfmpegCommand {
  const { spec } = job;
  if (spec.inputs.length === 0) throw new UserError('internal', 'ffmpeg job has no inputs.');
  if (spec.outputs.length === 0) throw new UserError('internal', 'ffmpeg job has no outputs.');
  // stdoutLines bounds fluent's own stdout *and* stderr rings (0 would mean unlimited: a long render's stats lines).
  const cmd = ffmpeg({ stdoutLines: STDERR_TAIL_LINES }).setFfmpegPath(ffmpegPath);

  // fluent-ffmpeg has no global-options API and places input options first; ffmpeg applies
  // global options wherever they appear before the outputs, so they ride on the first input.
  const globals = ['-hide_banner', '-nostdin'];
  if (job.threads !== undefined) globals.push('-filter_threads', String(job.threads), '-filter_complex_threads', String(job.threads));

  spec.inputs.forEach((input, i) => {
    cmd.input(input.source);
    addOptions((o) => cmd.inputOptions(...o), i === 0 ? [...globals, ...input.options] : input.options);
  });
  if (spec.filterComplex !== undefined) cmd.complexFilter(spec.filterComplex);
  for (const output of spec.outputs) {
    cmd.output(output.path);
    const threads = job.threads !== undefined ? ['-threads', String(job.threads)] : [];
    addOptions((o) => cmd.outputOptions(...o), [...threads, ...output.options]);
  }
  return cmd;
}

/**
 * fluent-ffmpeg splits a *single* option string, or each element of an array, on a lone space
 * ("-ss 3" → two args) but passes several arguments through verbatim. Our options are already
 * argv elements (a value may contain a space), so they go over as several arguments.
 */
function addOptions(add: (opts: string[]) => void, opts: string[]): void {
  if (opts.length === 0) return;
  if (opts.length === 1 && (opts[0] ?? '').split(' ').length === 2) {
    throw new UserError('internal', `ffmpeg option "${opts[0] ?? ''}" would be split by fluent-ffmpeg; pass it with its value.`);
  }
  add(opts);
}

/**
 * Whether `bin` (a path, or a bare name looked up on PATH) is an executable file. Checked before
 * every run because fluent-ffmpeg 2.1.3 crashes the whole process with a TypeError (not an
 * 'error' event) when spawn fails with ENOENT/EACCES; in a worker that would kill every job.
 */
function isExecutable(bin: string): boolean {
  const candidates = bin.includes('/') || bin.includes('\\')
    ? [bin]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).flatMap((dir) =>
      process.platform === 'win32' ? [path.join(dir, bin), path.join(dir, `${bin}.exe`)] : [path.join(dir, bin)]);
  return candidates.some((c) => {
    try {
      accessSync(c, fsConstants.X_OK);
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

/** stderr lines that explain a failure: not the periodic stats line, not stream listings. */
function meaningfulLines(lines: string[]): string[] {
  return lines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(frame|size)=.*time=/.test(l) && !/^(Stream #|Metadata:|Duration:|Input #|Output #|encoder\s*:|handler_name|vendor_id|major_brand|minor_version|compatible_brands|creation_time|Side data:|displaymatrix|Press \[q\])/.test(l));
}

/** Errors caused by the input files (missing, corrupt, unsupported) are the user's to fix; the rest are ours. */
function classifyFailure(lines: string[], spec: FfmpegSpec): { kind: 'input' | 'internal'; subject?: string } {
  const text = lines.join('\n');
  const inputProblem = /No such file or directory|Invalid data found when processing input|does not contain any stream|moov atom not found|Error opening input|Permission denied/.test(text);
  if (!inputProblem) return { kind: 'internal' };
  const subject = spec.inputs.find((i) => !i.options.includes('lavfi') && text.includes(i.source))?.source
    ?? spec.outputs.find((o) => text.includes(o.path))?.path;
  return subject !== undefined ? { kind: 'input', subject } : { kind: 'input' };
}

/**
 * Run a job to completion. Progress comes from ffmpeg's stats lines measured against
 * `spec.durationSec` (monotonic, 1 at the end); aborting `ctx.signal` sends SIGTERM, then
 * SIGKILL after KILL_GRACE_MS, and rejects with `cancelledError()` only once the process has
 * exited, so no ffmpeg outlives a cancel. Outputs go exactly where the spec says (callers
 * write temp names and rename).
 */
export function runFfmpegJob(job: FfmpegJob, ctx: FfmpegRunnerContext): Promise<FfmpegResult> {
  return new Promise<FfmpegResult>((resolve, reject) => {
    if (ctx.signal.aborted) {
      reject(cancelledError('The ffmpeg job'));
      return;
    }
    if (!isExecutable(ctx.ffmpegPath)) {
      reject(new UserError('config', `ffmpeg was not found at ${ctx.ffmpegPath}: set FFMPEG_PATH or install ffmpeg.`, 'FFMPEG_PATH'));
      return;
    }
    let cmd: ffmpeg.FfmpegCommand;
    try {
      cmd = buildCommand(job, ctx.ffmpegPath);
    } catch (err) {
      reject(err);
      return;
    }

    const parser = new FfmpegProgressParser(job.spec.durationSec);
    const tail: string[] = [];
    let startedAt = performance.now();
    let started = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const killNow = (): void => {
      if (!started) return; // not spawned yet: the 'start' handler checks the signal and kills at once
      cmd.kill('SIGTERM');
      killTimer = setTimeout(() => {
        if (!settled) cmd.kill('SIGKILL');
      }, KILL_GRACE_MS);
    };
    const onAbort = (): void => killNow();
    ctx.signal.addEventListener('abort', onAbort, { once: true });

    const finish = (err: unknown, result?: FfmpegResult): void => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (err !== undefined) reject(err);
      else if (result) resolve(result);
    };

    cmd.on('start', () => {
      started = true;
      startedAt = performance.now();
      const pid = (cmd as unknown as { ffmpegProc?: { pid?: number } }).ffmpegProc?.pid;
      if (pid !== undefined) ctx.onStart?.(pid);
      if (ctx.signal.aborted) killNow();
    });
    cmd.on('stderr', (line: string) => {
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      const p = parser.pushLine(line);
      if (p && !ctx.signal.aborted) safeProgress(ctx, p);
    });
    cmd.on('error', (err: Error) => {
      if (ctx.signal.aborted) {
        finish(cancelledError('The ffmpeg job'));
        return;
      }
      if (!started && /ENOENT|Cannot find ffmpeg/.test(err.message)) {
        finish(new UserError('config', `ffmpeg was not found at ${ctx.ffmpegPath}: set FFMPEG_PATH or install ffmpeg.`, 'FFMPEG_PATH', { cause: err }));
        return;
      }
      const lines = meaningfulLines(tail).slice(-ERROR_LINES);
      const { kind, subject } = classifyFailure(lines, job.spec);
      const detail = lines.length > 0 ? lines.join(' | ') : err.message;
      const what = kind === 'input' ? `ffmpeg could not read ${subject ?? 'an input'}` : 'ffmpeg failed';
      finish(new UserError(kind, `${what}: ${detail}`, subject, { cause: err }));
    });
    cmd.on('end', () => {
      if (ctx.signal.aborted) {
        // ffmpeg can exit 0 on SIGTERM after finalising a partial file: still a cancellation.
        finish(cancelledError('The ffmpeg job'));
        return;
      }
      safeProgress(ctx, { fraction: 1, outTimeSec: parser.last?.outTimeSec ?? job.spec.durationSec, etaSec: 0 });
      finish(undefined, { elapsedMs: Math.round(performance.now() - startedAt) });
    });
    cmd.run();
  });
}

/** A throwing progress callback must not take the render down with it. */
function safeProgress(ctx: RunnerContext, p: JobProgress): void {
  try {
    ctx.onProgress(p);
  } catch {
    // progress is advisory
  }
}
