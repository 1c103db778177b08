/**
 * Test doubles for the queue: a RunJob whose every call is held until the test settles it,
 * counting how many are in flight at once, and a fresh reelforge.db in a temp folder.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, type Db } from '../db.js';
import type { JobSpec, RenderEvent } from '../pipeline/types.js';
import { APP_DB_MIGRATIONS } from './schema.js';
import type { BatchRenderOptions, JobOutput, RunJob } from './types.js';

export interface HeldCall {
  jobId: string;
  spec: JobSpec;
  renderOptions: BatchRenderOptions;
  signal: AbortSignal;
  emit: (e: RenderEvent) => void;
  succeed: (out?: Partial<JobOutput>) => void;
  fail: (err: unknown) => void;
}

export interface HeldRunner {
  runJob: RunJob;
  calls: HeldCall[];
  /** Calls not yet settled, oldest first. */
  pending: () => HeldCall[];
  inFlight: () => number;
  maxInFlight: () => number;
}

export function heldRunner(): HeldRunner {
  const calls: HeldCall[] = [];
  const open = new Set<HeldCall>();
  let max = 0;
  const runJob: RunJob = (spec, ctx) => new Promise<JobOutput>((resolve, reject) => {
    const call: HeldCall = {
      jobId: ctx.jobId, spec, renderOptions: ctx.renderOptions, signal: ctx.signal, emit: ctx.onEvent,
      succeed: (out = {}) => {
        if (!open.delete(call)) return;
        resolve({ mp4: `/out/${ctx.jobId}.mp4`, thumbnail: `/out/${ctx.jobId}.jpg`, durationSec: 12, manifest: null, ...out });
      },
      fail: (err) => {
        if (!open.delete(call)) return;
        reject(err);
      },
    };
    // Like Engine.render: an abort rejects at once with the signal's reason.
    ctx.signal.addEventListener('abort', () => call.fail(ctx.signal.reason), { once: true });
    calls.push(call);
    open.add(call);
    max = Math.max(max, open.size);
  });
  return { runJob, calls, pending: () => [...open], inFlight: () => open.size, maxInFlight: () => max };
}

export function tempDb(): { db: Db; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-queue-'));
  const file = path.join(dir, 'reelforge.db');
  const db = openDatabase(file);
  migrate(db, APP_DB_MIGRATIONS);
  return { db, file };
}

/** Lets settled promises run their continuations (the queue reacts in microtasks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

export function topics(n: number, prefix = 'Topic'): { spec: JobSpec; source: string }[] {
  return Array.from({ length: n }, (_, i) => ({ spec: { topic: `${prefix} ${i + 1}` }, source: `t.txt:line ${i + 1}` }));
}
