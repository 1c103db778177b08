/** What the user may do with a job or batch in each state. Pure, so the rules are unit-tested. */
import type { AddFilesResult, BatchView, JobStatus, JobView, StageName, StageStatus } from '../../types/contract';

/** The Queue's status filter: what a creator asks of a long list. */
export const QUEUE_FILTERS = ['all', 'waiting', 'running', 'failed', 'done'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const FILTER_LABELS: Record<QueueFilter, string> = { all: 'All', waiting: 'Waiting', running: 'Running', failed: 'Failed', done: 'Done' };

/**
 * Which filter a job falls under. "Waiting" is every job that is not rendering yet (queued,
 * paused, interrupted, or running but held for a free worker); "Failed" includes cancelled
 * jobs, the ones "Retry failed" brings back.
 */
export function filterOf(job: Pick<JobView, 'status' | 'waiting'>): Exclude<QueueFilter, 'all'> {
  switch (job.status) {
    case 'running':
      return job.waiting ? 'waiting' : 'running';
    case 'done':
      return 'done';
    case 'failed':
    case 'cancelled':
      return 'failed';
    default:
      return 'waiting';
  }
}

export function countFilters(ids: readonly string[], byId: Record<string, JobView>): Record<QueueFilter, number> {
  const counts: Record<QueueFilter, number> = { all: 0, waiting: 0, running: 0, failed: 0, done: 0 };
  for (const id of ids) {
    const j = byId[id];
    if (!j) continue;
    counts.all++;
    counts[filterOf(j)]++;
  }
  return counts;
}

/** The ids a filter and a search (title words, any order, case-insensitive) leave, in list order. */
export function filterJobs(ids: readonly string[], byId: Record<string, JobView>, filter: QueueFilter, query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (filter === 'all' && words.length === 0) return ids as string[];
  return ids.filter((id) => {
    const j = byId[id];
    if (!j) return false;
    if (filter !== 'all' && filterOf(j) !== filter) return false;
    const title = j.title.toLowerCase();
    return words.every((w) => title.includes(w));
  });
}

/** What a row says about its state: "waiting" until a worker is really on it. */
export function statusLabel(job: Pick<JobView, 'status' | 'waiting'>): string {
  if (job.status === 'queued') return 'waiting';
  if (job.status === 'running' && job.waiting) return 'waiting for a worker';
  return job.status;
}

/** Settled jobs "Clear finished" would take off the list. */
export function clearableCount(ids: readonly string[], byId: Record<string, JobView>): number {
  let n = 0;
  for (const id of ids) {
    const s = byId[id]?.status;
    if (s === 'done' || s === 'failed' || s === 'cancelled') n++;
  }
  return n;
}

export function canCancel(status: JobStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'paused' || status === 'interrupted';
}

export function canRetry(status: JobStatus): boolean {
  return status === 'failed' || status === 'cancelled' || status === 'interrupted';
}

export function hasOutput(job: Pick<JobView, 'status' | 'output'>): boolean {
  return job.status === 'done' && job.output !== null;
}

/** The stage chips a row shows, in pipeline order. `compile` is what a creator calls render. */
export const CHIP_STAGES: readonly { stage: StageName; label: string }[] = [
  { stage: 'script', label: 'script' },
  { stage: 'voice', label: 'voice' },
  { stage: 'captions', label: 'captions' },
  { stage: 'background', label: 'background' },
  // The shot plan: a picture per sentence (shows "not needed" when one clip fills the video).
  { stage: 'shots', label: 'shots' },
  { stage: 'compile', label: 'render' },
];

/**
 * What a chip shows. A stage can still read `running` after its job stopped (the host reports
 * the last state it saw), so for a job that is not running a `running` stage is shown as where
 * it failed (the job's current stage) or as not done.
 */
export function chipStatus(job: Pick<JobView, 'stages' | 'status' | 'stage'>, stage: StageName): StageStatus {
  const status = job.stages[stage] ?? 'pending';
  if (status !== 'running' || job.status === 'running') return status;
  return job.status === 'failed' && job.stage === stage ? 'failed' : 'pending';
}

export interface BatchAbilities {
  start: boolean;
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  retryFailed: boolean;
}

export function batchAbilities(batch: BatchView | undefined, queuedWithoutBatch: number): BatchAbilities {
  if (!batch) return { start: queuedWithoutBatch > 0, pause: false, resume: false, cancel: false, retryFailed: false };
  const s = batch.status;
  return {
    start: s === 'queued',
    pause: s === 'running',
    resume: s === 'paused' || s === 'interrupted',
    cancel: s === 'queued' || s === 'running' || s === 'paused' || s === 'interrupted',
    retryFailed: batch.counts.failed + batch.counts.cancelled > 0,
  };
}

/** "Retry 3 failed and 996 cancelled": the button says exactly what it brings back. */
export function retryLabel(counts: Record<JobStatus, number>): string {
  const parts = [counts.failed > 0 ? `${counts.failed} failed` : '', counts.cancelled > 0 ? `${counts.cancelled} cancelled` : ''].filter(Boolean);
  return parts.length > 0 ? `Retry ${parts.join(' and ')}` : 'Retry failed';
}

/** Said next to a paused batch, so nobody wonders why two rows still move. */
export function pauseNote(batch: Pick<BatchView, 'status' | 'counts'>): string | null {
  if (batch.status !== 'paused') return null;
  const n = batch.counts.running;
  return n > 0 ? `Paused: ${n} video${n === 1 ? '' : 's'} already rendering will finish; nothing new starts.` : 'Paused: nothing new starts until you resume.';
}

/** "12 done · 3 running · 1 failed", skipping zeros, in the order a creator scans them. */
export function summariseCounts(counts: Record<JobStatus, number>): string {
  const order: JobStatus[] = ['running', 'queued', 'paused', 'interrupted', 'done', 'failed', 'cancelled'];
  const parts = order.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(' · ') : 'no videos';
}

/** Validates the concurrency field: an integer from 1 to 10, or a message saying why not. */
export function parseConcurrency(text: string): { value: number } | { error: string } {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n)) return { error: 'Concurrency must be a whole number from 1 to 10.' };
  if (n < 1 || n > 10) return { error: 'Concurrency must be from 1 to 10.' };
  return { value: n };
}

/** "Added 12 videos and 2 clips." — what the user gets back after a drop. */
export function describeAdd(r: AddFilesResult): string {
  const parts: string[] = [];
  if (r.jobsAdded > 0) parts.push(`${r.jobsAdded} video${r.jobsAdded === 1 ? '' : 's'}`);
  if (r.backgroundsAdded.length > 0) parts.push(`${r.backgroundsAdded.length} background clip${r.backgroundsAdded.length === 1 ? '' : 's'}`);
  const added = parts.length > 0 ? `Added ${parts.join(' and ')}.` : 'Nothing was added.';
  const n = r.errors.length;
  return n > 0 ? `${added} ${n} ${n === 1 ? 'entry' : 'entries'} could not be used (listed under the drop zone).` : added;
}
