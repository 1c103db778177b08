/**
 * Pure merges for the queue slice. The `jobs` stream carries changed jobs only, so the store
 * keeps every job by id plus a display order, and a merge must touch as little as it can:
 * untouched jobs keep their object identity, so their rows do not re-render.
 */
import type { BatchView, JobView } from '../types/contract';

export interface JobTable {
  byId: Record<string, JobView>;
  /**
   * Ids in display order: the newest batch first (new work is on top, where the Queue opens),
   * and within a batch file order (the order the scheduler runs them).
   */
  order: string[];
}

export const emptyJobTable: JobTable = { byId: {}, order: [] };

/** Jobs of one batch share its creation time; `seq` is their row in the file. */
export function before(a: JobView, b: JobView): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt;
  if (a.batchId !== b.batchId) return a.batchId < b.batchId;
  if (a.seq !== b.seq) return a.seq < b.seq;
  return a.id < b.id;
}

/**
 * Apply changed jobs. An update older than what we hold (a snapshot answered after a newer
 * event) is ignored. Returns the same table when nothing changed.
 */
export function mergeJobs(table: JobTable, changed: readonly JobView[]): JobTable {
  let byId: Record<string, JobView> | null = null;
  const added: JobView[] = [];
  for (const job of changed) {
    const current = (byId ?? table.byId)[job.id];
    if (current && (current === job || current.updatedAt > job.updatedAt)) continue;
    byId ??= { ...table.byId };
    byId[job.id] = job;
    if (!current) added.push(job);
  }
  if (!byId) return table;
  if (added.length === 0) return { byId, order: table.order };
  return { byId, order: insertInOrder(table.order, byId, added) };
}

/** Prepend when the new jobs are a new batch (the common case), append when they come last; otherwise sort once. */
function insertInOrder(order: string[], byId: Record<string, JobView>, added: JobView[]): string[] {
  added.sort((a, b) => (before(a, b) ? -1 : 1));
  const ids = added.map((j) => j.id);
  const first = order[0] === undefined ? undefined : byId[order[0]];
  const last = order.length === 0 ? undefined : byId[order[order.length - 1]!];
  if (!first || before(added[added.length - 1]!, first)) return [...ids, ...order];
  if (last && before(last, added[0]!)) return [...order, ...ids];
  return [...order, ...ids].sort((x, y) => (before(byId[x]!, byId[y]!) ? -1 : 1));
}

/** Drops jobs that left the list (cleared, deleted); the same table when none were held. */
export function removeJobs(table: JobTable, ids: readonly string[]): JobTable {
  const gone = new Set(ids.filter((id) => table.byId[id] !== undefined));
  if (gone.size === 0) return table;
  const byId = { ...table.byId };
  for (const id of gone) delete byId[id];
  return { byId, order: table.order.filter((id) => !gone.has(id)) };
}

/** A full snapshot replaces the table but keeps newer versions we already received by event. */
export function tableFromSnapshot(previous: JobTable, jobs: readonly JobView[]): JobTable {
  const fresh = mergeJobs(emptyJobTable, jobs);
  const kept: JobView[] = [];
  for (const id of fresh.order) {
    const mine = previous.byId[id];
    if (mine && mine.updatedAt > fresh.byId[id]!.updatedAt) kept.push(mine);
  }
  return kept.length > 0 ? mergeJobs(fresh, kept) : fresh;
}

/** Batches are few; replace by id and keep creation order. */
export function mergeBatches(current: Record<string, BatchView>, changed: readonly BatchView[]): Record<string, BatchView> {
  if (changed.length === 0) return current;
  const next = { ...current };
  for (const b of changed) next[b.id] = b;
  return next;
}

/** Newest first, like the job list. */
export function batchesInOrder(byId: Record<string, BatchView>): BatchView[] {
  return Object.values(byId).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
}

/** Jobs grouped by status, for the batch summary and the sidebar badge. */
export function countByStatus(table: JobTable): Record<JobView['status'], number> {
  const counts: Record<JobView['status'], number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, interrupted: 0, paused: 0 };
  for (const id of table.order) counts[table.byId[id]!.status]++;
  return counts;
}
