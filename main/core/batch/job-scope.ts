/**
 * Which job the code running now belongs to, so an error that escapes a job (a rejection nobody
 * awaited, a throw in a callback) can fail that job instead of ending the process. Node hands
 * the AsyncLocalStorage store of the code that failed to its 'unhandledRejection' and
 * 'uncaughtException' handlers, which is how the hosts' last line of defence
 * (main/host/last-defence.ts) finds the job.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface JobScope {
  /** Names the job in the log line: `job j1a2b3c ("Why cats purr")`. */
  readonly label: string;
  /** Fails the job with this error; nothing happens once it has settled. */
  fail(err: unknown): void;
}

const scope = new AsyncLocalStorage<JobScope>();

export function runAsJob<T>(job: JobScope, fn: () => T): T {
  return scope.run(job, fn);
}

/**
 * For long-lived things a job happens to create (a worker process, its message handlers): they
 * serve every later job, so an error in them must not be pinned on the one that started them.
 */
export function outsideJobs<T>(fn: () => T): T {
  return scope.exit(fn);
}

export function currentJob(): JobScope | undefined {
  return scope.getStore();
}
