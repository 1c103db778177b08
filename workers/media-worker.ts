/**
 * The media worker: runs ffmpeg and TTS jobs for the pool and reports progress (throttled) and
 * results through the parent-port shim. The same file runs under child_process.fork (CLI,
 * browser host, tests) and Electron's utilityProcess (desktop).
 *
 * Its one promise beyond running jobs: no ffmpeg outlives it. Cancel, shutdown and crashes abort
 * the running jobs (the runner kills ffmpeg, SIGTERM then SIGKILL) and, as a last resort, SIGKILL
 * every ffmpeg pid still on record before exiting; when the parent dies, everything is killed at
 * once (parent-port.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { cancelledError, toErrorInfo, UserError } from '../main/core/errors.js';
import type { JobProgress, MediaJob, ToWorker } from '../main/core/pool/protocol.js';
import { runFfmpegJob } from './ffmpeg-runner.js';
import { runFootageJob } from './footage-runner.js';
import { flush, isParentLost, onMessage, onParentLost, send, watchParent } from './parent-port.js';
import { runTtsJob } from './tts-runner.js';

/** ≤ 10 progress messages a second per job: a 1,000-job batch must not flood IPC. */
const PROGRESS_INTERVAL_MS = 100;
/** The runner escalates to SIGKILL after 1.5 s; this bounds the wait for it before we kill directly. */
const STOP_GRACE_MS = 3000;

interface RunningJob {
  controller: AbortController;
  /** Settles after the job's reply was sent (and so after its ffmpeg exited). */
  finished: Promise<void>;
  /** Set when the worker itself broke while this job ran; reported instead of the job's own error. */
  failure?: unknown;
}

const running = new Map<string, RunningJob>();
/** ffmpeg processes alive right now, by pid: the last-resort kill list. */
const children = new Set<number>();
let stopping = false;

function throttledProgress(id: string, signal: AbortSignal): (p: JobProgress) => void {
  let last = 0;
  return (p) => {
    if (signal.aborted) return;
    const now = Date.now();
    // The final update (fraction 1) always goes through; the ones in between are sampled.
    if (p.fraction < 1 && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    send({ type: 'progress', id, progress: p });
  };
}

function describe(job: MediaJob): string {
  return job.kind === 'ffmpeg' ? 'The ffmpeg job' : job.kind === 'footage' ? 'Indexing' : 'Speech synthesis';
}

async function execute(id: string, job: MediaJob, entry: RunningJob): Promise<void> {
  const { signal } = entry.controller;
  const ctx = { signal, onProgress: throttledProgress(id, signal) };
  let childPid: number | undefined;
  try {
    const result = job.kind === 'footage'
      // Several short ffmpeg runs one after another: each joins the kill list while it lives.
      ? await runFootageJob(job, {
        ...ctx,
        onStart: (pid) => {
          children.add(pid);
          send({ type: 'child', id, pid });
        },
        onExit: (pid) => children.delete(pid),
      })
      : job.kind === 'ffmpeg'
      ? await runFfmpegJob(
        { spec: job.spec, ...(job.threads !== undefined ? { threads: job.threads } : {}) },
        {
          ...ctx,
          // The pool passes the location the host resolved (bundled, setting or PATH).
          ffmpegPath: process.env.FFMPEG_PATH || 'ffmpeg',
          onStart: (pid) => {
            childPid = pid;
            children.add(pid);
            send({ type: 'child', id, pid });
          },
        },
      )
      : await runTtsJob(job.tts, ctx);
    send({ type: 'done', id, result });
  } catch (err) {
    const reason = entry.failure ?? (signal.aborted ? cancelledError(describe(job)) : err);
    send({ type: 'error', id, error: toErrorInfo(reason) });
  } finally {
    if (childPid !== undefined) children.delete(childPid); // the runner settles only after ffmpeg exited
    running.delete(id);
  }
}

function startJob(id: string, job: MediaJob): void {
  if (stopping || running.has(id)) return;
  const entry: RunningJob = { controller: new AbortController(), finished: Promise.resolve() };
  running.set(id, entry);
  entry.finished = execute(id, job, entry);
}

function killChildren(): void {
  for (const pid of children) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

/** Abort everything, give the runners their chance to stop ffmpeg cleanly, then make sure. */
async function stopAndExit(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const jobs = [...running.values()];
  for (const job of jobs) job.controller.abort();
  await Promise.race([Promise.allSettled(jobs.map((j) => j.finished)), delay(STOP_GRACE_MS)]);
  killChildren();
  await flush(500);
  process.exit(code);
}

/**
 * An error nobody caught broke this process while its jobs ran: they fail with it (a retry would
 * most likely hit the same bug) and the worker exits so the pool starts a clean one.
 */
function onCrash(err: unknown): void {
  if (isParentLost()) return; // ending already; nobody is left to tell
  const detail = err instanceof Error ? err.stack ?? err.message : String(err);
  process.stderr.write(`uncaught error: ${detail}\n`);
  const failure = new UserError('internal', `The media worker failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
  for (const job of running.values()) job.failure ??= failure;
  void stopAndExit(1);
}

onMessage((msg: ToWorker) => {
  switch (msg.type) {
    case 'run':
      startJob(msg.id, msg.job);
      return;
    case 'cancel':
      running.get(msg.id)?.controller.abort();
      return;
    case 'shutdown':
      void stopAndExit(0);
      return;
  }
});
// No one can collect a result any more: no grace period, ffmpeg dies with the worker.
onParentLost(killChildren);
watchParent();
process.on('uncaughtException', onCrash);
process.on('unhandledRejection', onCrash);
// utilityProcess.kill() and most supervisors send SIGTERM, whose default action would skip every cleanup.
process.on('SIGTERM', () => void stopAndExit(0));
// Synchronous last resort for any exit path that skipped stopAndExit.
process.on('exit', killChildren);
send({ type: 'ready', pid: process.pid });
