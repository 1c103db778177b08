/**
 * The engine's share of the saved settings: one mapping for every host (CLI commands, the
 * browser host, the desktop app), so a setting means the same thing wherever it is read.
 * OPENAI_BASE_URL in the environment wins over the stored base URL, as documented.
 */
import { openAppDb } from '../batch/app-db.js';
import type { Settings } from '../contract.js';
import type { EngineOptions } from '../engine.js';
import type { RequestDefaults } from '../pipeline/request.js';
import { soundOptionsFrom } from '../voice/engines-config.js';
import { chooseApiKey, type SavedKey } from './api-key.js';
import { readSavedSettings } from './saved-settings.js';

/** The request defaults a job gets from the settings. */
export function requestDefaultsFrom(s: Settings): Partial<RequestDefaults> {
  return { voice: s.defaultVoice, preset: s.defaultPreset, captionStyle: s.captionStyle, musicVolume: s.musicVolume, ...(s.musicDir ? { music: s.musicDir } : {}) };
}

/** Where AI requests go: OPENAI_BASE_URL when set, else the baseURL setting ('' for OpenAI's own API). */
export function effectiveBaseURL(s: Pick<Settings, 'baseURL'>, env: NodeJS.ProcessEnv = process.env): string {
  return env.OPENAI_BASE_URL || s.baseURL;
}

/** `elevenlabsKey`: from the host's key store (saved in Settings, else the environment); undefined reads the environment. */
export function engineOptionsFromSettings(s: Settings, env: NodeJS.ProcessEnv = process.env, elevenlabsKey?: string | null): Omit<EngineOptions, 'dataDir'> {
  const baseURL = effectiveBaseURL(s, env);
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
    sound: soundOptionsFrom(s, env, elevenlabsKey),
    defaults: requestDefaultsFrom(s),
    ...(s.ffmpegPath.trim() ? { ffmpegPath: s.ffmpegPath.trim() } : {}),
  };
}

/**
 * The engine options of the saved settings, checked against the key: a saved "openai" with no
 * key writes offline with a warning instead of stopping the app or the command from starting.
 * An explicit provider (a command-line flag) is taken as asked, and fails loudly if it cannot work.
 */
export function usableEngineOptions(s: Settings, opts: { apiKeySet: boolean; provider?: EngineOptions['provider']; warn?: (line: string) => void; elevenlabsKey?: string | null }): Omit<EngineOptions, 'dataDir'> {
  const options = engineOptionsFromSettings(s, process.env, opts.elevenlabsKey);
  if (opts.provider !== undefined) options.provider = opts.provider;
  else if (options.provider === 'openai' && !opts.apiKeySet) {
    opts.warn?.('the provider setting is openai but no API key is set: writing offline until one is (set OPENAI_API_KEY or save a key in Settings)');
    options.provider = 'offline';
  }
  return options;
}

/**
 * A host's engine options at start-up, before anything else has the app database open (render,
 * serve, the desktop app): the saved settings (cheap on a repeat start: saved-settings.ts), and the
 * key that may go to their base URL (api-key.ts: a saved key only where it was saved for,
 * OPENAI_API_KEY only with its OPENAI_BASE_URL); a key held back is said once through `warn`.
 * `elevenlabsKey`: the host's saved ElevenLabs key (else ELEVENLABS_API_KEY: host/key-file.ts).
 */
export async function startupEngineOptions(dataDir: string, opts: { saved: SavedKey | null; env?: NodeJS.ProcessEnv; provider?: EngineOptions['provider']; warn?: (line: string) => void; elevenlabsKey?: string | null }): Promise<Omit<EngineOptions, 'dataDir'>> {
  const env = opts.env ?? process.env;
  const db = openAppDb(dataDir);
  let s: Settings;
  try {
    s = await readSavedSettings(db, dataDir, opts.warn ? { warn: opts.warn } : {});
  } finally {
    db.close();
  }
  const choice = chooseApiKey({ baseURL: effectiveBaseURL(s, env), saved: opts.saved, env });
  if (choice.note) opts.warn?.(choice.note);
  const options = usableEngineOptions(s, {
    apiKeySet: choice.key !== null, ...(opts.provider ? { provider: opts.provider } : {}), ...(opts.warn ? { warn: opts.warn } : {}),
    ...(opts.elevenlabsKey !== undefined ? { elevenlabsKey: opts.elevenlabsKey } : {}),
  });
  return choice.key === null ? options : { ...options, apiKey: choice.key };
}
