/**
 * The engine's share of the saved settings: one mapping for every host (CLI commands, the
 * browser host, the desktop app), so a setting means the same thing wherever it is read.
 * OPENAI_BASE_URL in the environment wins over the stored base URL, as documented.
 */
import { openAppDb } from '../batch/app-db.js';
import type { Settings } from '../contract.js';
import type { EngineOptions } from '../engine.js';
import type { RequestDefaults } from '../pipeline/request.js';
import { readSavedSettings } from './saved-settings.js';

/** The request defaults a job gets from the settings. */
export function requestDefaultsFrom(s: Settings): Partial<RequestDefaults> {
  return { voice: s.defaultVoice, preset: s.defaultPreset, captionStyle: s.captionStyle };
}

export function engineOptionsFromSettings(s: Settings, env: NodeJS.ProcessEnv = process.env): Omit<EngineOptions, 'dataDir'> {
  const baseURL = env.OPENAI_BASE_URL || s.baseURL;
  return {
    provider: s.provider,
    ...(baseURL ? { baseURL } : {}),
    textModel: s.textModel,
    speechModel: s.speechModel,
    prices: s.prices,
    cacheMaxSizeBytes: s.cacheMaxSizeBytes,
    cacheMaxAgeMs: s.cacheMaxAgeDays * 86_400_000,
    aiConcurrency: s.aiConcurrency,
    ttsConcurrency: s.ttsConcurrency,
    workers: s.workers,
    defaults: requestDefaultsFrom(s),
    ...(s.ffmpegPath.trim() ? { ffmpegPath: s.ffmpegPath.trim() } : {}),
  };
}

/**
 * The engine options of the saved settings, checked against the key: a saved "openai" with no
 * key writes offline with a warning instead of stopping the app or the command from starting.
 * An explicit provider (a command-line flag) is taken as asked, and fails loudly if it cannot work.
 */
export function usableEngineOptions(s: Settings, opts: { apiKeySet: boolean; provider?: EngineOptions['provider']; warn?: (line: string) => void }): Omit<EngineOptions, 'dataDir'> {
  const options = engineOptionsFromSettings(s);
  if (opts.provider !== undefined) options.provider = opts.provider;
  else if (options.provider === 'openai' && !opts.apiKeySet) {
    opts.warn?.('the provider setting is openai but no API key is set: writing offline until one is (set OPENAI_API_KEY or save a key in Settings)');
    options.provider = 'offline';
  }
  return options;
}

/**
 * For hosts that open the Engine before anything else has the app database open (render, serve,
 * the desktop app). Reading is cheap on a repeat start: see saved-settings.ts.
 */
export async function loadSavedEngineOptions(dataDir: string, opts: { apiKeySet: boolean; provider?: EngineOptions['provider']; warn?: (line: string) => void }): Promise<Omit<EngineOptions, 'dataDir'>> {
  const db = openAppDb(dataDir);
  try {
    return usableEngineOptions(await readSavedSettings(db, dataDir, opts.warn ? { warn: opts.warn } : {}), opts);
  } finally {
    db.close();
  }
}
