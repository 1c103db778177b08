import type { StateCreator } from 'zustand';
import type { BatchView, JobView, QueueSnapshot } from '../types/contract';
import { emptyJobTable, mergeBatches, mergeJobs, removeJobs, tableFromSnapshot, type JobTable } from './merge';
import type { AppState } from './types';

export interface QueueSlice {
  jobs: JobTable;
  batches: Record<string, BatchView>;
  /** False until the first queue.list answer, so the panel can tell "loading" from "empty". */
  queueLoaded: boolean;
  queueError: string | null;
  applyQueueSnapshot(snapshot: QueueSnapshot): void;
  applyJobs(changed: readonly JobView[]): void;
  removeJobs(ids: readonly string[]): void;
  applyBatches(changed: readonly BatchView[]): void;
  setQueueError(message: string | null): void;
}

export const createQueueSlice: StateCreator<AppState, [], [], QueueSlice> = (set) => ({
  jobs: emptyJobTable,
  batches: {},
  queueLoaded: false,
  queueError: null,
  applyQueueSnapshot: (snapshot) =>
    set((s) => ({
      jobs: tableFromSnapshot(s.jobs, snapshot.jobs),
      batches: mergeBatches({}, snapshot.batches),
      queueLoaded: true,
      queueError: null,
    })),
  applyJobs: (changed) =>
    set((s) => {
      const jobs = mergeJobs(s.jobs, changed);
      return jobs === s.jobs ? s : { jobs };
    }),
  removeJobs: (ids) =>
    set((s) => {
      const jobs = removeJobs(s.jobs, ids);
      return jobs === s.jobs ? s : { jobs };
    }),
  applyBatches: (changed) => set((s) => ({ batches: mergeBatches(s.batches, changed) })),
  setQueueError: (message) => set({ queueError: message }),
});
