/**
 * Engine options from the settings the user saved in the app (reelforge.db), for the hosts
 * that open the Engine before the Studio exists (`reelforge serve`, the desktop app). The
 * Engine builds its provider, limiters and pool once, which is why the Studio asks for a
 * restart when these change; reading them here is what makes that restart take effect.
 * Environment overrides (OPENAI_BASE_URL) win over stored values, as in the CLI.
 */
import { openAppDb } from '../core/batch/app-db.js';
import type { EngineOptions } from '../core/engine.js';
import { SettingsStore } from '../core/settings/store.js';

export function storedEngineOptions(dataDir: string, opts: { apiKeySet: boolean; warn?: (line: string) => void }): Partial<EngineOptions> {
  const db = openAppDb(dataDir);
  try {
    const s = new SettingsStore({ db, dataDir, apiKeySet: () => opts.apiKeySet, ...(opts.warn ? { warn: opts.warn } : {}) }).get();
    return {
      provider: s.provider,
      ...(s.baseURL && !process.env.OPENAI_BASE_URL ? { baseURL: s.baseURL } : {}),
      textModel: s.textModel,
      speechModel: s.speechModel,
      cacheMaxSizeBytes: s.cacheMaxSizeBytes,
      cacheMaxAgeMs: s.cacheMaxAgeDays * 86_400_000,
      aiConcurrency: s.aiConcurrency,
      ttsConcurrency: s.ttsConcurrency,
      workers: s.workers,
    };
  } finally {
    db.close();
  }
}
