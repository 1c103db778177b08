/**
 * The desktop app's Spawner: media workers as Electron utility processes (Chromium-supervised
 * Node children that work inside a packaged app without ELECTRON_RUN_AS_NODE).
 *
 * Lessons carried over from VS Code's utilityProcess supervisor and Electron's issue tracker:
 * - `stdio: 'pipe'`, otherwise `child.stdout` is null and worker output vanishes (electron#41018);
 *   each line is prefixed `[name pid]` and goes to the host's log.
 * - `kill()` before the 'spawn' event returns false and the child survives (electron#44009), so a
 *   kill requested early is remembered and carried out on 'spawn'.
 * - `kill()` on a dead child returns false too (#44013): liveness is tracked here, and the handle
 *   is marked dead *before* exit listeners run, so nobody posts to an exited child (#53923).
 * - `serviceName` `<name>` is what `child-process-gone` reports, so crashes are attributable.
 * - On Windows kill() is TerminateProcess of the worker alone; its ffmpeg would keep running, so
 *   the whole tree is killed with taskkill instead (core/pool/tree-kill.ts, desktop-review R2).
 * The exit event carries only a code; a kill shows up as a non-zero code with signal null.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import { StringDecoder } from 'node:string_decoder';
import type { FromWorker, ToWorker } from '../core/pool/protocol.js';
import type { Spawner, WorkerHandle } from '../core/pool/spawner.js';
import { killProcessTree } from '../core/pool/tree-kill.js';

/** Variables a worker must not inherit: they change how Node or Electron loads code in the child. */
const STRIPPED_ENV = ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'NODE_REPL_EXTERNAL_MODULE', 'ELECTRON_NO_ATTACH_CONSOLE'];

function workerEnv(extra: Record<string, string> | undefined, name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !STRIPPED_ENV.includes(k)) env[k] = v;
  return { ...env, ...extra, REELFORGE_WORKER_NAME: name, REELFORGE_PARENT_PID: String(process.pid) };
}

function forwardLines(stream: NodeJS.ReadableStream | null, prefix: () => string, log: (line: string) => void): void {
  if (stream === null) return;
  const decoder = new StringDecoder('utf8');
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    buf += decoder.write(chunk);
    // Windows writes CRLF: a bare split on \n would leave \r in every log line.
    const lines = buf.split(/\r?\n/);
    buf = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') log(`${prefix()} ${line}`);
  });
}

export function utilityProcessSpawner(log: (line: string) => void, opts: { platform?: NodeJS.Platform; killTree?: typeof killProcessTree } = {}): Spawner {
  const platform = opts.platform ?? process.platform;
  const killTree = opts.killTree ?? killProcessTree;
  const kill = (child: UtilityProcess): void => {
    if (child.pid !== undefined && killTree(child.pid, { platform, fallback: () => child.kill() })) return;
    child.kill();
  };
  return (entry, spawnOpts): WorkerHandle => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: spawnOpts.name,
      stdio: 'pipe',
      env: workerEnv(spawnOpts.env, spawnOpts.name),
    });
    const sink = spawnOpts.log ?? log;
    const prefix = () => `[${spawnOpts.name} ${child.pid ?? '?'}]`;
    forwardLines(child.stdout, prefix, sink);
    forwardLines(child.stderr, prefix, sink);

    let spawned = false;
    let alive = true;
    let killRequested = false;
    child.once('spawn', () => {
      spawned = true;
      if (killRequested) kill(child);
    });
    child.on('error', (type, location) => sink(`${prefix()} ${type} at ${location}`));
    child.once('exit', () => {
      alive = false;
    });

    return {
      get pid() {
        return child.pid;
      },
      postMessage(msg: ToWorker) {
        if (alive) child.postMessage(msg);
      },
      onMessage(cb) {
        child.on('message', (m: unknown) => cb(m as FromWorker));
      },
      onExit(cb) {
        // Registered after our own 'exit' listener, so `alive` is already false when cb runs.
        child.once('exit', (code) => cb(code, null));
      },
      kill() {
        if (!alive) return;
        if (!spawned) {
          killRequested = true;
          return;
        }
        kill(child);
      },
    };
  };
}
