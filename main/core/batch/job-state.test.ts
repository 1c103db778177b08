import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../contract.js';
import { batchEtaSec, jobEtaSec, videosPerMinute } from './eta.js';
import { deriveBatchStatus, emptyCounts, IllegalTransitionError, nextStatus, type JobEvent } from './job-state.js';

describe('job state machine', () => {
  it('follows the happy path and the recovery paths', () => {
    const walk = (from: JobStatus, ...events: JobEvent[]) => events.reduce<JobStatus>((s, e) => nextStatus(s, e), from);
    expect(walk('queued', 'start', 'succeed')).toBe('done');
    expect(walk('queued', 'start', 'fail', 'retry', 'start')).toBe('running');
    expect(walk('queued', 'start', 'interrupt', 'resume')).toBe('queued');
    expect(walk('queued', 'start', 'pause', 'resume')).toBe('queued');
    expect(walk('queued', 'pause', 'cancel', 'retry')).toBe('queued');
  });

  it('throws on illegal transitions', () => {
    const illegal: [JobStatus, JobEvent][] = [['queued', 'succeed'], ['done', 'retry'], ['done', 'cancel'], ['running', 'retry'], ['failed', 'start'], ['paused', 'start']];
    for (const [from, ev] of illegal) expect(() => nextStatus(from, ev), `${from} + ${ev}`).toThrow(IllegalTransitionError);
  });

  it('derives the batch status from intent and counts', () => {
    const c = (p: Partial<Record<JobStatus, number>>) => ({ ...emptyCounts(), ...p });
    expect(deriveBatchStatus('running', c({ done: 3, failed: 1 }))).toBe('done');
    expect(deriveBatchStatus('paused', c({ queued: 2 }))).toBe('paused');
    // Paused lets the running video finish: the batch reads paused meanwhile, running once that was the last.
    expect(deriveBatchStatus('paused', c({ running: 1, queued: 2 }))).toBe('paused');
    expect(deriveBatchStatus('paused', c({ running: 1, done: 2 }))).toBe('running');
    expect(deriveBatchStatus('cancelled', c({ done: 1, cancelled: 2 }))).toBe('cancelled');
    expect(deriveBatchStatus('done', c({ queued: 1 }))).toBe('running');
  });
});

describe('estimates', () => {
  it('job ETA prefers the pipeline estimate, else extrapolates past 5 %', () => {
    expect(jobEtaSec(0.5, 10, 42)).toBe(42);
    expect(jobEtaSec(0.02, 10)).toBeNull();
    expect(jobEtaSec(0.25, 10)).toBe(30);
  });

  it('batch ETA spreads remaining work over the slots but not below the longest job', () => {
    expect(batchEtaSec({ queued: 4, running: [10, 20], avgJobSec: 30, slots: 2 })).toBe(75);
    expect(batchEtaSec({ queued: 0, running: [50, 5], avgJobSec: 30, slots: 4 })).toBe(50);
    expect(batchEtaSec({ queued: 3, running: [null], avgJobSec: null, slots: 2 })).toBeNull();
    expect(batchEtaSec({ queued: 0, running: [], avgJobSec: null, slots: 2 })).toBe(0);
  });

  it('videos per minute over a window that starts no earlier than the batch', () => {
    expect(videosPerMinute([60_000, 120_000], 0, 120_000)).toBe(1);
    expect(videosPerMinute([], null, 5000)).toBe(0);
    // Only the last 10 minutes count.
    expect(videosPerMinute([1000, 700_000], 0, 1_200_000)).toBe(0.1);
  });
});
