/**
 * The media worker: runs ffmpeg and TTS jobs for the pool, one at a time, reporting progress
 * (throttled) and results through the parent-port shim. The same file runs under
 * child_process.fork (CLI, browser host) and Electron's utilityProcess (desktop).
 */
import { cancelledError, toErrorInfo } from '../main/core/errors.js';
import type { JobProgress, MediaJob, ToWorker } from '../main/core/pool/protocol.js';
import { runFfmpegJob } from './ffmpeg-runner.js';
import { exitNow, onMessage, onParentLost, send, watchParent } from './parent-port.js';
import { runTtsJob } from './tts-runner.js';

const running = new Map<string, AbortController>();
const PROGRESS_INTERVAL_MS = 100;

function throttled(id: string): (p: JobProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.fraction < 1 && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    send({ type: 'progress', id, progress: p });
  };
}

async function run(id: string, job: MediaJob): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  const ctx = { signal: controller.signal, onProgress: throttled(id) };
  try {
    const result = job.kind === 'ffmpeg'
      ? await runFfmpegJob({ spec: job.spec, ...(job.threads !== undefined ? { threads: job.threads } : {}) }, { ...ctx, ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg' })
      : await runTtsJob(job.tts, ctx);
    send({ type: 'done', id, result });
  } catch (err) {
    send({ type: 'error', id, error: toErrorInfo(controller.signal.aborted ? cancelledError('The job') : err) });
  } finally {
    running.delete(id);
  }
}

function abortAll(): void {
  for (const c of running.values()) c.abort();
}

onMessage((msg: ToWorker) => {
  if (msg.type === 'run') void run(msg.id, msg.job);
  else if (msg.type === 'cancel') running.get(msg.id)?.abort();
  else if (msg.type === 'shutdown') {
    abortAll();
    exitNow(0);
  }
});
onParentLost(abortAll);
watchParent();
process.on('uncaughtException', (err) => {
  process.stderr.write(`uncaught: ${err.stack ?? err.message}\n`);
  abortAll();
  exitNow(1);
});
send({ type: 'ready', pid: process.pid });
