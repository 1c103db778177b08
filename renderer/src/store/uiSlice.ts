import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../api/connection';
import type { AppState } from './types';

export const PANELS = ['Create', 'Queue', 'Library', 'Cache', 'Performance', 'Settings'] as const;
export type PanelName = (typeof PANELS)[number];

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  level: ToastLevel;
  message: string;
}

/** Older toasts are dropped past this, so a burst of notices cannot bury the screen. */
export const MAX_TOASTS = 4;

export interface UiSlice {
  activePanel: PanelName;
  toasts: Toast[];
  connection: ConnectionState;
  setActivePanel(panel: PanelName): void;
  pushToast(level: ToastLevel, message: string): number;
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
  toasts: [],
  connection: 'connecting',
  setActivePanel: (panel) => set({ activePanel: panel }),
  pushToast: (level, message) => {
    const id = nextToastId++;
    set((s) => ({ toasts: addToast(s.toasts, { id, level, message }) }));
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
