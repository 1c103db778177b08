/**
 * The one file that knows how a worker talks to its parent. Electron's utilityProcess gives
 * `process.parentPort` (messages arrive as `{data}`); Node's child_process.fork gives
 * `process.send` / `process.on('message')`. The same worker code runs under both.
 *
 * It also watches the parent. A parent that is SIGKILLed runs no cleanup, so the worker must
 * notice on its own and stop its ffmpeg, or encodes keep running with nobody to collect them
 * (electron#42918, Kap#999). Under Node the IPC channel closing ('disconnect') is the fast
 * signal; polling the parent pid is the fallback that also covers utilityProcess, which has no
 * disconnect event (VS Code's bootstrap-fork does the same with a signal-0 kill).
 *
 * Once the parent is gone no result can be delivered, so there is nothing to finish cleanly:
 * the hooks kill what the jobs started and the process ends at once. Its log pipes (stdout,
 * stderr) lead to the parent too; a write after it died fails with EPIPE, which must end the
 * worker rather than become an uncaught error that logs to the same broken pipe again (a
 * busy loop that once kept orphans at 100 % CPU for seconds).
 */
import type { FromWorker, ToWorker } from '../main/core/pool/protocol.js';

interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  removeListener(event: 'message', cb: (e: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

/** How often the parent's pid is checked where no disconnect event exists (utilityProcess). */
const PARENT_POLL_MS = 250;

const lostHooks: Array<() => void> = [];
let parentLost = false;
let pendingSends = 0;
const drainWaiters: Array<() => void> = [];

/** 'parentPort' (Electron utilityProcess), 'ipc' (child_process.fork) or 'none' (started by hand). */
export function transport(): 'parentPort' | 'ipc' | 'none' {
  if (parentPort) return 'parentPort';
  return typeof process.send === 'function' ? 'ipc' : 'none';
}

export function send(msg: FromWorker): void {
  if (parentPort) {
    parentPort.postMessage(msg);
    return;
  }
  // No channel: the parent is gone and the watch below is already ending this process.
  if (!process.connected || !process.send) return;
  pendingSends++;
  // The callback form keeps a failed write (EPIPE as the parent dies) from becoming an 'error' event.
  process.send(msg, undefined, {}, () => {
    pendingSends--;
    if (pendingSends === 0) for (const wake of drainWaiters.splice(0)) wake();
  });
}

export function onMessage(cb: (msg: ToWorker) => void): void {
  // 'flushed' belongs to flush() below, not to the worker.
  const deliver = (m: ToWorker): void => {
    if (m.type !== 'flushed') cb(m);
  };
  if (parentPort) parentPort.on('message', (e) => deliver(e.data as ToWorker));
  else process.on('message', (m) => deliver(m as ToWorker));
}

let flushToken = 0;

/**
 * utilityProcess has no send callback and no way to drain its port, so a reply posted just before
 * process.exit() could be lost, and the pool would retry a job that had failed for a reason
 * (desktop-review R8). Instead: post 'flush' after it and wait for the parent's 'flushed' — the
 * port keeps order, so by then every earlier message has arrived.
 */
function flushParentPort(port: ParentPort, timeoutMs: number): Promise<void> {
  const token = ++flushToken;
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      port.removeListener('message', onReply);
      resolve();
    };
    const onReply = (e: { data: unknown }): void => {
      const m = e.data as Partial<Extract<ToWorker, { type: 'flushed' }>> | null;
      if (m?.type === 'flushed' && m.token === token) done();
    };
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    port.on('message', onReply);
    port.postMessage({ type: 'flush', token } satisfies FromWorker);
  });
}

/**
 * Resolves once every message sent so far has been handed to the OS (or after `timeoutMs`), so
 * a worker can exit without losing its last reply. process.exit() drops queued IPC writes.
 */
export function flush(timeoutMs = 1000): Promise<void> {
  if (parentPort) return flushParentPort(parentPort, timeoutMs);
  if (pendingSends === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    drainWaiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Run (synchronously) when the parent is gone, just before the process ends: kill what the jobs started. */
export function onParentLost(hook: () => void): void {
  lostHooks.push(hook);
}

/** True once the parent is known to be gone (a crash handler has nobody to report to). */
export function isParentLost(): boolean {
  return parentLost;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, just not ours to signal
  }
}

/** Ends this process now, with every process it started. */
function endNow(): void {
  // Under child_process the worker leads its own process group (child-spawner: detached), so
  // one signal reaches every ffmpeg and espeak-ng it started, and the worker itself.
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    // Not a group leader (Electron's utilityProcess): the hooks killed the children.
  }
  process.kill(process.pid, 'SIGKILL');
}

function declareParentLost(): void {
  if (parentLost) return;
  parentLost = true;
  // Nothing is written here: the log pipe leads to the dead parent.
  for (const hook of lostHooks) {
    try {
      hook();
    } catch {
      // keep going: the point is to leave no process behind
    }
  }
  endNow();
}

/** Start watching the parent. `intervalMs` is how often its pid is checked. */
export function watchParent(intervalMs = PARENT_POLL_MS): void {
  if (!parentPort) process.on('disconnect', declareParentLost);
  // A broken log pipe means its reader, the parent, is gone (see the header).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', declareParentLost);
  const ppid = process.ppid;
  const check = (): void => {
    // When the parent dies the kernel reparents us at once (to init or a subreaper), so a
    // changed ppid is the reliable signal; the signal-0 probe covers platforms where it isn't.
    if (process.ppid !== ppid || !isAlive(ppid)) declareParentLost();
  };
  setInterval(check, intervalMs).unref();
  check();
}
