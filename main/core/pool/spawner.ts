import type { FromWorker, ToWorker } from './protocol.js';

/**
 * The one small interface every host implements to start a worker process. The pool knows
 * nothing else about processes, so the same pool runs on child_process.fork (CLI, browser
 * host, tests) and Electron's utilityProcess.fork (desktop).
 */
export interface WorkerHandle {
  /** OS pid once the process exists (utilityProcess only knows it after 'spawn'). */
  readonly pid: number | undefined;
  /** Dropped silently when the process has gone: the exit callback tells the pool about that. */
  postMessage(msg: ToWorker): void;
  onMessage(cb: (msg: FromWorker) => void): void;
  /** Called once, when the process has exited (for any reason). May be registered several times. */
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  /** Hard kill, now, of the worker and anything it started that the host can reach. Safe to call twice. */
  kill(): void;
}

export interface SpawnOptions {
  /** `media-<n>`: shown in log prefixes and process listings. */
  name: string;
  /** Added to the inherited environment (e.g. FFMPEG_PATH). */
  env?: Record<string, string>;
  /** Worker stdout/stderr lines, for the host's log. */
  log?: (line: string) => void;
}

/** child_process.fork for the CLI and the browser host; utilityProcess.fork for the desktop app. */
export type Spawner = (entry: string, opts: SpawnOptions) => WorkerHandle;
