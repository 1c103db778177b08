/**
 * The job state machine. Every status change in the queue goes through `nextStatus`, so an
 * impossible change (finishing a job that never started, retrying one that is running) is a
 * bug that throws instead of a row that silently lies.
 *
 *   queued ──start──▶ running ──succeed──▶ done
 *     │                 │ ├────fail──────▶ failed ──retry──▶ queued
 *     │                 │ ├────cancel────▶ cancelled ─retry─▶ queued
 *     │                 │ └──interrupt───▶ interrupted ─retry/resume─▶ queued
 *     └──pause──▶ paused ◀──pause──┘
 *                   └──resume──▶ queued
 *
 * `done` is final: re-rendering makes a new job so the finished video stays in the library.
 */
import type { BatchStatus, JobStatus } from '../contract.js';

export type JobEvent = 'start' | 'succeed' | 'fail' | 'cancel' | 'interrupt' | 'pause' | 'resume' | 'retry';

const TRANSITIONS: Record<JobEvent, Partial<Record<JobStatus, JobStatus>>> = {
  start: { queued: 'running' },
  succeed: { running: 'done' },
  fail: { running: 'failed' },
  cancel: { queued: 'cancelled', running: 'cancelled', paused: 'cancelled', interrupted: 'cancelled' },
  interrupt: { running: 'interrupted' },
  pause: { queued: 'paused', running: 'paused' },
  resume: { paused: 'queued', interrupted: 'queued' },
  retry: { failed: 'queued', cancelled: 'queued', interrupted: 'queued' },
};

export class IllegalTransitionError extends Error {
  constructor(readonly from: JobStatus, readonly event: JobEvent) {
    super(`A ${from} job cannot ${event}.`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: JobStatus, event: JobEvent): boolean {
  return TRANSITIONS[event][from] !== undefined;
}

export function nextStatus(from: JobStatus, event: JobEvent): JobStatus {
  const to = TRANSITIONS[event][from];
  if (to === undefined) throw new IllegalTransitionError(from, event);
  return to;
}

/** Statuses that will not change without the user doing something. */
export function isSettled(status: JobStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

export function emptyCounts(): Record<JobStatus, number> {
  return { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, interrupted: 0, paused: 0 };
}

/**
 * A batch's status from its stored intent and its jobs. The stored status says what the
 * user asked for (running, paused, cancelled) or what happened to the process
 * (interrupted); once no job can move any more the batch is done, whatever was asked.
 */
export function deriveBatchStatus(stored: BatchStatus, counts: Record<JobStatus, number>): BatchStatus {
  const open = counts.queued + counts.running + counts.paused + counts.interrupted;
  // Paused lets the videos already rendering finish: the batch is paused while they do.
  if (counts.running > 0) return stored === 'paused' && counts.queued + counts.paused + counts.interrupted > 0 ? 'paused' : 'running';
  if (open === 0) return stored === 'cancelled' ? 'cancelled' : 'done';
  return stored === 'done' ? 'running' : stored;
}
