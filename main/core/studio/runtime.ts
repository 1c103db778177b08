/**
 * The app database and what lives in it, wired once for every host: settings, the
 * background library and the batch queue (whose RunJob renders through the engine with the
 * current default voice, preset and caption style). The Studio (desktop, browser host) and
 * the CLI batch/jobs/retry commands all open their queue here.
 */
import { openAppDb } from '../batch/app-db.js';
import { acquireQueueLock } from '../batch/owner-lock.js';
import { BatchQueue } from '../batch/queue.js';
import type { RunJob } from '../batch/types.js';
import type { Db } from '../db.js';
import { requestDefaultsFrom } from '../settings/engine-options.js';
import { SettingsStore } from '../settings/store.js';
import { BackgroundLibrary } from './background-library.js';
import { engineRunJob, type RenderingEngine } from './run-job.js';

export interface RuntimeOptions {
  dataDir: string;
  /** Renders jobs; ignored when runJob is given. */
  engine?: RenderingEngine;
  runJob?: RunJob;
  apiKeySet: () => boolean;
  /** Per-run overrides of the settings (CLI flags such as --concurrency); render options live with each batch. */
  overrides?: { concurrency?: number };
  /** An already-open app database (tests); otherwise <dataDir>/reelforge.db. */
  db?: Db;
  now?: () => number;
  warn?: (line: string) => void;
  /** False for read-only commands: leave other processes' running jobs alone. */
  recoverInterrupted?: boolean;
  /** Upper bound for videos in flight (default 10; a farm controller allows more). */
  maxConcurrency?: number;
}

export interface Runtime {
  db: Db;
  settings: SettingsStore;
  library: BackgroundLibrary;
  queue: BatchQueue;
  /** Interrupts running jobs (marked interrupted, resumable) and closes the database. */
  close(): Promise<void>;
}

export function openRuntime(o: RuntimeOptions): Runtime {
  const ownsDb = o.db === undefined;
  const db = o.db ?? openAppDb(o.dataDir);
  // Read-only openers take no lock: they neither recover nor schedule.
  const readOnly = o.recoverInterrupted === false;
  let lock: { release(): void } | null = null;
  if (!readOnly) {
    try {
      lock = acquireQueueLock(o.dataDir);
    } catch (err) {
      if (ownsDb) db.close();
      throw err;
    }
  }
  const settings = new SettingsStore({ db, dataDir: o.dataDir, apiKeySet: o.apiKeySet, ...(o.warn ? { warn: o.warn } : {}) });
  const library = new BackgroundLibrary(db, o.now);
  let runJob = o.runJob;
  if (!runJob) {
    const engine = o.engine;
    runJob = engine
      ? engineRunJob(engine, () => requestDefaultsFrom(settings.get()))
      : () => Promise.reject(new Error('This command cannot render: it opened the queue read-only.'));
  }
  const queue = new BatchQueue({
    db, runJob, concurrency: o.overrides?.concurrency ?? settings.get().concurrency,
    ...(o.now ? { now: o.now } : {}), ...(o.recoverInterrupted === false ? { recoverInterrupted: false } : {}),
    ...(o.maxConcurrency !== undefined ? { maxConcurrency: o.maxConcurrency } : {}),
  });
  let closed = false;
  return {
    db, settings, library, queue,
    async close() {
      if (closed) return;
      closed = true;
      await queue.close();
      lock?.release();
      if (ownsDb) db.close();
    },
  };
}
