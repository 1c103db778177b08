/**
 * The Node host's Spawner: child_process.fork with an IPC channel. Used by the CLI, the browser
 * host and the tests; the desktop app supplies a utilityProcess spawner with the same shape.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import type { FromWorker } from './protocol.js';
import type { Spawner, WorkerHandle } from './spawner.js';
import { killProcessTree } from './tree-kill.js';

/**
 * On POSIX every worker leads its own process group, so one kill reaches the ffmpeg it started
 * too: a worker SIGKILLed mid-render (crash, cancel timeout, close) cannot leave an encode
 * running. Windows has no process groups: there kill() ends the tree with taskkill
 * (tree-kill.ts), and the worker's own parent watch and exit hooks cover a worker that dies alone.
 */
const OWN_PROCESS_GROUP = process.platform !== 'win32';

/**
 * workers/media-worker next to this code: `dist/workers/media-worker.js` when compiled,
 * `workers/media-worker.ts` when running from source (vitest, tsx). This file sits at
 * `<root>/main/core/pool/`, so the entry is three levels up, under `workers/`.
 */
export function mediaWorkerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const base = path.resolve(path.dirname(here), '..', '..', '..', 'workers', 'media-worker');
  const sameKind = here.endsWith('.ts') ? `${base}.ts` : `${base}.js`;
  const otherKind = here.endsWith('.ts') ? `${base}.js` : `${base}.ts`;
  return existsSync(sameKind) || !existsSync(otherKind) ? sameKind : otherKind;
}

/** Forward a worker's output line by line; StringDecoder keeps multi-byte characters whole across chunks. */
function forwardLines(stream: NodeJS.ReadableStream | null, prefix: () => string, log: (line: string) => void): void {
  if (!stream) return;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (text: string): void => {
    pending += text;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') log(`${prefix()} ${line}`);
  };
  stream.on('data', (chunk: Buffer) => emit(decoder.write(chunk)));
  stream.on('end', () => {
    emit(`${decoder.end()}\n`);
  });
}

function signalGroup(pid: number): boolean {
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** child_process.fork with an IPC channel; stdio piped into the host's log, never inherited. */
export const childProcessSpawner: Spawner = (entry, opts): WorkerHandle => {
  // Under vitest/tsx the entry is TypeScript: load it through tsx. Compiled builds run plain node.
  const execArgv = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = fork(entry, [], {
    execArgv,
    env: { ...process.env, ...opts.env, REELFORGE_WORKER_NAME: opts.name },
    // 'inherit' would mix worker output into the CLI's JSON lines; pipe it into the log instead.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
    detached: OWN_PROCESS_GROUP,
  });
  const log = opts.log ?? (() => {});
  const prefix = (): string => `[${opts.name} ${child.pid ?? '?'}]`;
  forwardLines(child.stdout, prefix, log);
  forwardLines(child.stderr, prefix, log);
  // One exit notification, however the process ended. A fork that fails to start emits 'error'
  // and maybe never 'exit'; the pool must hear about it either way or the slot hangs forever.
  let exited: { code: number | null; signal: string | null } | null = null;
  const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
  const markExited = (code: number | null, signal: string | null): void => {
    if (exited) return;
    exited = { code, signal };
    // Sweep the group once the worker has gone, however it went: a worker killed from outside
    // (OOM killer, a test, a crash in native code) leaves its ffmpeg orphaned otherwise. The
    // group id cannot be reused while a member is alive, so this never hits a stranger.
    if (OWN_PROCESS_GROUP && child.pid !== undefined) signalGroup(child.pid);
    for (const cb of exitListeners.splice(0)) cb(code, signal);
  };
  child.on('exit', (code, signal) => markExited(code, signal));
  // 'error' without a listener would throw in the host.
  child.on('error', (err) => {
    log(`${prefix()} ${err.message}`);
    if (child.pid === undefined) markExited(null, null);
  });

  return {
    get pid() {
      return child.pid;
    },
    postMessage(msg) {
      // A worker that died a moment ago: its exit event is on the way and the pool will react to it.
      if (!child.connected) return;
      child.send(msg, (err) => {
        if (err) log(`${prefix()} message ${msg.type} not delivered: ${err.message}`);
      });
    },
    onMessage(cb) {
      child.on('message', (m) => cb(m as FromWorker));
    },
    onExit(cb) {
      const done = exited;
      if (done) queueMicrotask(() => cb(done.code, done.signal)); // registered after the fact: answer, don't hang
      else exitListeners.push(cb);
    },
    kill() {
      const pid = child.pid;
      if (OWN_PROCESS_GROUP && pid !== undefined && isRunning(child) && signalGroup(pid)) return;
      if (!isRunning(child)) return;
      if (pid !== undefined && killProcessTree(pid, { fallback: () => child.kill('SIGKILL') })) return;
      child.kill('SIGKILL');
    },
  };
};
