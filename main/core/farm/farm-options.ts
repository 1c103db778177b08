/**
 * The farm's BullMQ settings in one place, from render-farm.md §1 and §5.4:
 * - a lease of 30 s renewed every 15 s and a stall check every 15 s, so a worker killed mid-job
 *   is noticed and its job handed to another after at most lockDuration + stalledInterval;
 * - 2 stalls allowed (a busy LAN blip is not a failure), 3 attempts with exponential backoff and
 *   jitter, at most 6 starts in all (stalls included);
 * - finished jobs kept a day (completed) or a week (failed), then removed, so Redis never grows
 *   without bound; SQLite on the controller is the record that lasts.
 * Tests and the bench shorten the timings through REELFORGE_FARM_LOCK_MS (the lease; the rest
 * scale with it) so a stall is recovered in seconds.
 */
import type { JobsOptions, WorkerOptions } from 'bullmq';

/**
 * Videos in flight on a farm controller: each costs it a script and a wait, while the workers'
 * slots bound the renders (BullMQ queues the rest), so the local limit of 10 would starve a farm.
 */
export const FARM_DEFAULT_CONCURRENCY = 64;
export const FARM_MAX_CONCURRENCY = 1000;

/** Every farm key in Redis starts with this (BullMQ's prefix); never an ioredis keyPrefix. */
export const FARM_PREFIX = 'rf';
export const RENDER_QUEUE = 'render';
/** Custom events to workers (cancel a job, resume a paused worker). */
export const CONTROL_QUEUE = 'control';

export interface FarmTimings {
  lockMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  attempts: number;
  backoffMs: number;
  /** Registry heartbeat; an entry lives registryTtlMs unless refreshed. */
  heartbeatMs: number;
  registryTtlMs: number;
  /** Progress updates per job: at most one per this interval (≤ 2/s). */
  progressIntervalMs: number;
  /** How often the controller re-checks the jobs it waits for (missed events, lost Redis data). */
  reconcileMs: number;
}

export const DEFAULT_TIMINGS: FarmTimings = {
  lockMs: 30_000,
  stalledIntervalMs: 15_000,
  maxStalledCount: 2,
  attempts: 3,
  backoffMs: 5000,
  heartbeatMs: 5000,
  registryTtlMs: 20_000,
  progressIntervalMs: 500,
  reconcileMs: 5000,
};

/** The defaults, or everything scaled to a shorter lease when REELFORGE_FARM_LOCK_MS is set (tests, bench). */
export function farmTimings(env: NodeJS.ProcessEnv = process.env): FarmTimings {
  const lock = Number(env.REELFORGE_FARM_LOCK_MS);
  if (!Number.isFinite(lock) || lock <= 0) return DEFAULT_TIMINGS;
  const f = lock / DEFAULT_TIMINGS.lockMs;
  const scaled = (ms: number, min: number): number => Math.max(min, Math.round(ms * f));
  return {
    ...DEFAULT_TIMINGS,
    lockMs: lock,
    stalledIntervalMs: scaled(DEFAULT_TIMINGS.stalledIntervalMs, 200),
    backoffMs: scaled(DEFAULT_TIMINGS.backoffMs, 100),
    heartbeatMs: scaled(DEFAULT_TIMINGS.heartbeatMs, 200),
    registryTtlMs: scaled(DEFAULT_TIMINGS.registryTtlMs, 1000),
    reconcileMs: scaled(DEFAULT_TIMINGS.reconcileMs, 250),
  };
}

export function jobOptions(t: FarmTimings): JobsOptions {
  return {
    attempts: t.attempts,
    backoff: { type: 'exponential', delay: t.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 100_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export function workerOptions(t: FarmTimings): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount' | 'maxStartedAttempts' | 'removeOnComplete' | 'removeOnFail'> {
  return {
    lockDuration: t.lockMs,
    stalledInterval: t.stalledIntervalMs,
    maxStalledCount: t.maxStalledCount,
    maxStartedAttempts: t.attempts + t.maxStalledCount + 1,
    removeOnComplete: { age: 24 * 3600, count: 100_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
