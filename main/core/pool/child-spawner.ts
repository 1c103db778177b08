import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromWorker } from './protocol.js';
import type { Spawner, WorkerHandle } from './spawner.js';

/** workers/media-worker.js next to the compiled core, or the .ts source when running from source (tests). */
export function mediaWorkerEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url)); // <root>/main/core/pool or <root>/dist/main/core/pool
  const base = path.resolve(here, '..', '..', '..', 'workers', 'media-worker');
  return existsSync(`${base}.js`) ? `${base}.js` : `${base}.ts`;
}

function forwardLines(stream: NodeJS.ReadableStream | null, prefix: string, log: (line: string) => void): void {
  let buf = '';
  stream?.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) log(`${prefix} ${l}`);
  });
}

/** child_process.fork with an IPC channel; stdio piped into the host's log, never inherited. */
export const childProcessSpawner: Spawner = (entry, opts): WorkerHandle => {
  const execArgv = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = fork(entry, [], {
    execArgv,
    env: { ...process.env, ...opts.env, REELFORGE_WORKER_NAME: opts.name },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const log = opts.log ?? (() => {});
  forwardLines(child.stdout, `[${opts.name} ${child.pid ?? '?'}]`, log);
  forwardLines(child.stderr, `[${opts.name} ${child.pid ?? '?'}]`, log);
  child.on('error', (err) => log(`[${opts.name}] ${err.message}`));
  return {
    get pid() {
      return child.pid;
    },
    postMessage(msg) {
      if (child.connected) child.send(msg);
    },
    onMessage(cb) {
      child.on('message', (m) => cb(m as FromWorker));
    },
    onExit(cb) {
      child.on('exit', (code, signal) => cb(code, signal));
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};
