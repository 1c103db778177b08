/**
 * The one file that knows how a worker talks to its parent: Electron's utilityProcess gives
 * `process.parentPort`; Node's child_process.fork gives `process.send`. It also watches the
 * parent: if the parent dies (even by SIGKILL), the worker runs its cleanups (killing ffmpeg)
 * and exits within about a second.
 */
import type { FromWorker, ToWorker } from '../main/core/pool/protocol.js';

interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const cleanups: Array<() => void> = [];
let exiting = false;

export function send(msg: FromWorker): void {
  if (parentPort) parentPort.postMessage(msg);
  else if (process.connected) process.send?.(msg);
}

export function onMessage(cb: (msg: ToWorker) => void): void {
  if (parentPort) parentPort.on('message', (e) => cb(e.data as ToWorker));
  else process.on('message', (m) => cb(m as ToWorker));
}

/** Registered by the worker entry: abort every running job (which kills its ffmpeg). */
export function onParentLost(cleanup: () => void): void {
  cleanups.push(cleanup);
}

export function exitNow(code = 0): void {
  if (exiting) return;
  exiting = true;
  for (const c of cleanups) {
    try {
      c();
    } catch {
      // keep going: the point is to leave no process behind
    }
  }
  // Give SIGKILLs to ffmpeg a moment to land before this process disappears.
  setTimeout(() => process.exit(code), 50).unref();
}

function parentAlive(ppid: number): boolean {
  try {
    process.kill(ppid, 0);
    return true;
  } catch {
    return false;
  }
}

export function watchParent(): void {
  if (!parentPort) process.on('disconnect', () => exitNow(0));
  const ppid = process.ppid;
  // Fallback for a SIGKILLed parent whose IPC close we might not see: poll its pid.
  setInterval(() => {
    if (process.ppid !== ppid || !parentAlive(ppid)) exitNow(0);
  }, 500).unref();
}
