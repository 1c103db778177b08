/**
 * Errors a user can act on. `kind` decides the CLI exit code (usage/config → 2, job → 1)
 * and how hosts show them; `message` is one line that names the file or setting and says
 * what to do next.
 */
export type UserErrorKind = 'usage' | 'config' | 'input' | 'io' | 'cancelled' | 'provider' | 'internal';

export class UserError extends Error {
  readonly kind: UserErrorKind;
  /** The file, folder or setting the error is about, when there is one. */
  readonly subject: string | undefined;

  constructor(kind: UserErrorKind, message: string, subject?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.kind = kind;
    this.subject = subject;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** A plain, serialisable form that crosses process and IPC boundaries. */
export interface ErrorInfo {
  message: string;
  kind: UserErrorKind;
  subject?: string;
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof UserError) {
    return err.subject === undefined
      ? { message: err.message, kind: err.kind }
      : { message: err.message, kind: err.kind, subject: err.subject };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message, kind: 'internal' };
}

export function fromErrorInfo(info: ErrorInfo): UserError {
  return new UserError(info.kind, info.message, info.subject);
}

export function cancelledError(what = 'The job'): UserError {
  return new UserError('cancelled', `${what} was cancelled.`);
}
