import type { FromWorker, ToWorker } from './protocol.js';

/** The one small interface every host implements to start a worker process. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  postMessage(msg: ToWorker): void;
  onMessage(cb: (msg: FromWorker) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export interface SpawnOptions {
  name: string;
  env?: Record<string, string>;
  /** Worker stdout/stderr lines, for the host's log. */
  log?: (line: string) => void;
}

/** child_process.fork for the CLI and the browser host; utilityProcess.fork for the desktop app. */
export type Spawner = (entry: string, opts: SpawnOptions) => WorkerHandle;
