import type { ErrorInfo } from '../types/contract';

/** An error the host reported, keeping its kind and subject so panels can show them in place. */
export class ApiError extends Error {
  readonly kind: ErrorInfo['kind'];
  readonly subject: string | undefined;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.kind = info.kind;
    this.subject = info.subject;
  }
}

/** Thrown for requests that were in flight when the connection to the host dropped. */
export class DisconnectedError extends Error {
  constructor(channel: string) {
    super(`Lost the connection to Reelforge while waiting for "${channel}". Reconnecting — try again in a moment.`);
    this.name = 'DisconnectedError';
  }
}

/** One line for the user, whatever was thrown (Electron prefixes IPC errors with noise we strip). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return stripIpcPrefix(err.message);
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') {
    return stripIpcPrefix(err.message);
  }
  return String(err);
}

/** ipcRenderer.invoke wraps handler errors as "Error invoking remote method 'x': Error: msg". */
export function stripIpcPrefix(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
