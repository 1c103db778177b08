import { isUserError, toErrorInfo, type ErrorInfo } from '../core/errors.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** usage/config problems exit 2 (nothing ran); anything that failed a video exits 1. */
export function exitCodeFor(err: unknown): number {
  if (isUserError(err) && (err.kind === 'usage' || err.kind === 'config')) return EXIT_USAGE;
  return EXIT_FAILED;
}

export function errorLine(err: unknown): string {
  const info: ErrorInfo = toErrorInfo(err);
  return `reelforge: ${info.message}`;
}

export function writeJsonLine(io: CliIo, obj: unknown): void {
  io.stdout.write(`${JSON.stringify(obj)}\n`);
}
