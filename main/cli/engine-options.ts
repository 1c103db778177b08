import { defaultDataDir } from '../core/paths.js';
import type { EngineOptions } from '../core/engine.js';
import { serviceKeyFiles } from '../host/key-file.js';

/**
 * Engine options for a CLI run: the data folder from --data-dir, REELFORGE_DATA_DIR or the
 * desktop app's folder; the base URL from the environment when set. The OpenAI key comes only
 * from the environment too (never a flag, so it never lands in shell history or process
 * listings), and only where it may go: startupEngineOptions decides (main/core/settings/api-key.ts).
 * The services' keys (stock sites, ElevenLabs) are the ones `reelforge serve` saved in the data
 * folder, else the environment's (the desktop app's are encrypted for the app alone).
 */
export function cliEngineOptions(dataDir: string | undefined, extra: Partial<EngineOptions> = {}): EngineOptions {
  const env = process.env;
  const opts: EngineOptions = { dataDir: dataDir ?? defaultDataDir(), ...extra };
  if (env.OPENAI_BASE_URL) opts.baseURL = env.OPENAI_BASE_URL;
  if (env.FFMPEG_PATH && opts.ffmpegPath === undefined) opts.ffmpegPath = env.FFMPEG_PATH;
  // Shots (#11): the stock keys saved in this data folder's Settings (`reelforge serve`), else the environment.
  if (opts.stockKeys === undefined) {
    const keys = serviceKeyFiles(opts.dataDir, env);
    const pexels = keys.pexels.get();
    const pixabay = keys.pixabay.get();
    if (pexels || pixabay) opts.stockKeys = { ...(pexels ? { pexels } : {}), ...(pixabay ? { pixabay } : {}) };
  }
  return opts;
}
