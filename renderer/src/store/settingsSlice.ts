import type { StateCreator } from 'zustand';
import type { AppInfo, SettingsView, VoiceInfo } from '../types/contract';
import type { AppState } from './types';

export interface SettingsSlice {
  settings: SettingsView | null;
  appInfo: AppInfo | null;
  voices: VoiceInfo[];
  setSettings(settings: SettingsView): void;
  setApiKeySet(apiKeySet: boolean): void;
  setAppInfo(info: AppInfo): void;
  setVoices(voices: VoiceInfo[]): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: null,
  appInfo: null,
  voices: [],
  setSettings: (settings) => set((s) => ({ settings, appInfo: s.appInfo ? { ...s.appInfo, apiKeySet: settings.apiKeySet } : s.appInfo })),
  setApiKeySet: (apiKeySet) =>
    set((s) => ({
      settings: s.settings ? { ...s.settings, apiKeySet } : s.settings,
      appInfo: s.appInfo ? { ...s.appInfo, apiKeySet } : s.appInfo,
    })),
  setAppInfo: (info) => set({ appInfo: info }),
  setVoices: (voices) => set({ voices }),
});
