import type { StateCreator } from 'zustand';
import type { PerfSnapshot } from '../types/contract';
import { pushSample } from './history';
import type { AppState } from './types';

/** One point per snapshot, kept for the charts (two minutes at one per second). */
export interface PerfSample {
  at: number;
  videosPerMinute: number;
  utilisation: number;
  active: number;
}

export const PERF_HISTORY_LENGTH = 120;

export interface PerfSlice {
  perf: PerfSnapshot | null;
  perfHistory: PerfSample[];
  perfError: string | null;
  applyPerf(snapshot: PerfSnapshot): void;
  setPerfError(message: string | null): void;
}

export function sampleOf(snapshot: PerfSnapshot): PerfSample {
  const latest = snapshot.throughput[snapshot.throughput.length - 1];
  return {
    at: snapshot.at,
    videosPerMinute: latest?.videosPerMinute ?? 0,
    utilisation: snapshot.pool.utilisation,
    active: snapshot.active.length,
  };
}

export const createPerfSlice: StateCreator<AppState, [], [], PerfSlice> = (set) => ({
  perf: null,
  perfHistory: [],
  perfError: null,
  applyPerf: (snapshot) =>
    set((s) => {
      // Poll answers and pushed events can cross; never step back to an older snapshot.
      if (s.perf && snapshot.at < s.perf.at) return s;
      return { perf: snapshot, perfHistory: pushSample(s.perfHistory, sampleOf(snapshot), PERF_HISTORY_LENGTH), perfError: null };
    }),
  setPerfError: (message) => set({ perfError: message }),
});
