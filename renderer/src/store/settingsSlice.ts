import type { StateCreator } from 'zustand';
import type { AppInfo, CaptionStyleInfo, SettingsView, VoiceInfo } from '../types/contract';
import type { AppState } from './types';

export interface SettingsSlice {
  settings: SettingsView | null;
  appInfo: AppInfo | null;
  voices: VoiceInfo[];
  /** The caption styles the core knows (settings and jobs are validated against them). */
  captionStyles: CaptionStyleInfo[];
  setCaptionStyles(styles: CaptionStyleInfo[]): void;
  setSettings(settings: SettingsView): void;
  setApiKeySet(apiKeySet: boolean): void;
  setAppInfo(info: AppInfo): void;
  setVoices(voices: VoiceInfo[]): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: null,
  appInfo: null,
  voices: [],
  captionStyles: [],
  setCaptionStyles: (captionStyles) => set({ captionStyles }),
  setSettings: (settings) => set((s) => ({ settings, appInfo: s.appInfo ? { ...s.appInfo, apiKeySet: settings.apiKeySet } : s.appInfo })),
  setApiKeySet: (apiKeySet) =>
    set((s) => ({
      settings: s.settings ? { ...s.settings, apiKeySet } : s.settings,
      appInfo: s.appInfo ? { ...s.appInfo, apiKeySet } : s.appInfo,
    })),
  setAppInfo: (info) => set({ appInfo: info }),
  setVoices: (voices) => set({ voices }),
});
