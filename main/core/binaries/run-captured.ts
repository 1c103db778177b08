/**
 * One short tool run in the calling process (ffmpeg decoding a voice, measuring loudness,
 * finding pauses; espeak-ng speaking), its output captured. Cancellation kills it at once;
 * a missing binary becomes the caller's "install it" error. The exit code is the caller's to
 * judge: each knows what a failure of its own run means to the creator.
 */
import { spawn } from 'node:child_process';
import { cancelledError, UserError } from '../errors.js';

export interface CapturedRun {
  code: number | null;
  stdout: Buffer;
  /** All of stderr, or its last `stderrTail` characters. */
  stderr: string;
}

export interface RunCapturedOptions {
  /** What is being done, for the cancellation error ("Speech synthesis"). */
  what: string;
  /** The error when the binary does not exist (ENOENT). */
  notFound: () => Error;
  signal?: AbortSignal;
  /** Written to stdin, then closed; without it stdin is not opened. */
  stdin?: Buffer | string;
  /** Keep stdout (off: it is discarded, for runs that report on stderr). */
  stdout?: boolean;
  /** Keep only this many characters of stderr (a summary at the end of a long log). */
  stderrTail?: number;
  env?: NodeJS.ProcessEnv;
}

export function runCaptured(cmd: string, args: readonly string[], opts: RunCapturedOptions): Promise<CapturedRun> {
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError(opts.what));
    const child = spawn(cmd, args, {
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', opts.stdout ? 'pipe' : 'ignore', 'pipe'],
      env: opts.env ?? process.env,
      windowsHide: true,
    });
    const out: Buffer[] = [];
    let stderr = '';
    const onAbort = (): void => {
      child.kill('SIGKILL');
      reject(cancelledError(opts.what));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.stderrTail !== undefined && stderr.length > opts.stderrTail * 2) stderr = stderr.slice(-opts.stderrTail);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err.code === 'ENOENT' ? opts.notFound() : err);
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return;
      resolve({ code, stdout: Buffer.concat(out), stderr: opts.stderrTail === undefined ? stderr : stderr.slice(-opts.stderrTail) });
    });
    if (child.stdin && opts.stdin !== undefined) {
      // The tool may exit before reading everything; its exit code reports that, not EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.stdin);
    }
  });
}

/** The error for an ffmpeg that is not where it was looked for. */
export function ffmpegNotFound(ffmpeg: string): () => UserError {
  return () => new UserError('config', `ffmpeg was not found at "${ffmpeg}": install ffmpeg or set FFMPEG_PATH.`, 'FFMPEG_PATH');
}

/** The last line of a tool's log, the one that usually says what went wrong. */
export function lastLogLine(log: string): string {
  return log.trim().split('\n').pop() ?? '';
}
