import type { StateCreator } from 'zustand';
import type { CacheStats } from '../types/contract';
import type { AppState } from './types';

export interface CacheSlice {
  cacheStats: CacheStats | null;
  cacheError: string | null;
  setCacheStats(stats: CacheStats): void;
  setCacheError(message: string | null): void;
}

export const createCacheSlice: StateCreator<AppState, [], [], CacheSlice> = (set) => ({
  cacheStats: null,
  cacheError: null,
  setCacheStats: (stats) => set({ cacheStats: stats, cacheError: null }),
  setCacheError: (message) => set({ cacheError: message }),
});
