import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../api/connection';
import type { QueueFilter } from '../panels/queue/jobRules';
import type { AppState } from './types';

export const PANELS = ['Create', 'Queue', 'Library', 'Cache', 'Performance', 'Settings'] as const;
export type PanelName = (typeof PANELS)[number];

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

/** A button on a toast ("Undo", "Show in Queue"); the toast stays `ms` when given. */
export interface ToastAction {
  label: string;
  run(): void;
  ms?: number;
}

export interface Toast {
  id: number;
  level: ToastLevel;
  message: string;
  action?: ToastAction;
}

/** Older toasts are dropped past this, so a burst of notices cannot bury the screen. */
export const MAX_TOASTS = 4;

export interface UiSlice {
  activePanel: PanelName;
  /** True once a panel was chosen (a click, a link, the URL): first-run logic leaves it alone. */
  panelChosen: boolean;
  /** A finished video the Library should open (Queue → "Show in Library"). */
  libraryFocus: string | null;
  /** The Queue's filter and search, kept while other panels are open. */
  queueFilter: QueueFilter;
  queueQuery: string;
  setQueueFilter(filter: QueueFilter): void;
  setQueueQuery(query: string): void;
  toasts: Toast[];
  connection: ConnectionState;
  setActivePanel(panel: PanelName): void;
  /** First run (an empty queue): open on Create, unless the user already picked a panel. */
  openFirstRunPanel(): void;
  showInLibrary(jobId: string): void;
  clearLibraryFocus(): void;
  pushToast(level: ToastLevel, message: string, action?: ToastAction): number;
  dismissToast(id: number): void;
  setConnection(state: ConnectionState): void;
}

let nextToastId = 1;

/** Adds a toast; an identical message already showing is moved to the end instead of repeated. */
export function addToast(toasts: readonly Toast[], toast: Toast): Toast[] {
  const others = toasts.filter((t) => !(t.message === toast.message && t.level === toast.level));
  return [...others, toast].slice(-MAX_TOASTS);
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  activePanel: 'Queue',
  panelChosen: false,
  libraryFocus: null,
  queueFilter: 'all',
  queueQuery: '',
  setQueueFilter: (queueFilter) => set({ queueFilter }),
  setQueueQuery: (queueQuery) => set({ queueQuery }),
  toasts: [],
  connection: 'connecting',
  setActivePanel: (panel) => set({ activePanel: panel, panelChosen: true }),
  openFirstRunPanel: () => set((s) => (s.panelChosen ? s : { activePanel: 'Create', panelChosen: true })),
  showInLibrary: (jobId) => set({ activePanel: 'Library', libraryFocus: jobId }),
  clearLibraryFocus: () => set({ libraryFocus: null }),
  pushToast: (level, message, action) => {
    const id = nextToastId++;
    set((s) => ({ toasts: addToast(s.toasts, action ? { id, level, message, action } : { id, level, message }) }));
    return id;
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setConnection: (connection) => set({ connection }),
});

/** `#library` ↔ Library, so a reload (or a link from a notification) lands on the same panel. */
export function panelFromHash(hash: string): PanelName | null {
  const name = hash.replace(/^#/, '').toLowerCase();
  return PANELS.find((p) => p.toLowerCase() === name) ?? null;
}
