import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCacheSlice } from './cacheSlice';
import { createPerfSlice } from './perfSlice';
import { createQueueSlice } from './queueSlice';
import { createSettingsSlice } from './settingsSlice';
import type { AppState } from './types';
import { createUiSlice } from './uiSlice';

export type { AppState } from './types';

/** A fresh store (tests make their own; the app uses `appStore`). */
export function createAppStore(): StoreApi<AppState> {
  return createStore<AppState>()((...a) => ({
    ...createQueueSlice(...a),
    ...createCacheSlice(...a),
    ...createPerfSlice(...a),
    ...createSettingsSlice(...a),
    ...createUiSlice(...a),
  }));
}

export const appStore = createAppStore();

/** Select from the app store in a component; wrap derived arrays/objects in useShallow. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Actions are stable; grab them outside React (event listeners, async handlers). */
export const actions = (): AppState => appStore.getState();
