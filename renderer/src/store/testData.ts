/** Builders for test data: a full JobView/BatchView/PerfSnapshot with only the interesting fields given. */
import type { BatchView, JobView, PerfSnapshot } from '../types/contract';

export function job(over: Partial<JobView> & { id: string }): JobView {
  return {
    batchId: 'b1',
    title: `Video ${over.id}`,
    status: 'queued',
    stages: {},
    stage: null,
    progress: 0,
    etaSec: null,
    error: null,
    output: null,
    thumbnailUrl: null,
    videoUrl: null,
    attempts: 0,
    createdAt: 1000,
    updatedAt: 1000,
    seq: 0,
    waiting: false,
    ...over,
  };
}

export function batch(over: Partial<BatchView> & { id: string }): BatchView {
  return {
    status: 'queued',
    concurrency: 5,
    stopOnError: false,
    counts: { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, interrupted: 0, paused: 0 },
    videosPerMinute: 0,
    etaSec: null,
    createdAt: 1000,
    label: 'topics.txt',
    ...over,
  };
}

export function perf(over: Partial<PerfSnapshot> & { at: number }): PerfSnapshot {
  return { active: [], stages: [], throughput: [], pool: { size: 4, busy: 1, utilisation: 0.25 }, ...over };
}
