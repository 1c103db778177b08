/**
 * The last line of defence of every host process (the CLI, `reelforge serve`, the desktop main
 * process): an error that escapes one job — a rejection nobody awaited, a throw inside a callback
 * — is logged and fails that job (main/core/batch/job-scope.ts tells which), and the process
 * keeps serving. Node's default would end it, and every other running job with it.
 *
 * Carrying on after an uncaught exception is a trade-off Node's documentation warns about: the
 * failing code may have left its own state half-updated. Here that state belongs to one job,
 * which is failed; the queue, the cache and the other jobs keep their own consistency (SQLite
 * transactions, temp files renamed only when whole), so losing every running video is worse.
 */
import { currentJob } from '../core/batch/job-scope.js';

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** Installs the handlers; returns a function that removes them. */
export function installLastDefence(log: (line: string) => void, proc: NodeJS.EventEmitter = process): () => void {
  const handler = (what: string) => (err: unknown): void => {
    const job = currentJob();
    try {
      log(`${what} ${job ? `in ${job.label}` : 'outside any job'}; ${job ? 'that job fails, ' : ''}the rest carries on: ${describe(err)}`);
    } catch {
      // A broken log must not turn the defence into the next uncaught error.
    }
    job?.fail(err);
  };
  const onRejection = handler('An unhandled rejection');
  const onException = handler('An uncaught error');
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}
