import type { CacheSlice } from './cacheSlice';
import type { PerfSlice } from './perfSlice';
import type { QueueSlice } from './queueSlice';
import type { SettingsSlice } from './settingsSlice';
import type { UiSlice } from './uiSlice';

/** The one store: every slice's state and actions side by side (zustand slices pattern). */
export type AppState = QueueSlice & CacheSlice & PerfSlice & SettingsSlice & UiSlice;
