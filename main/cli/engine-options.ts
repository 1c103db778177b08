import { defaultDataDir } from '../core/paths.js';
import type { EngineOptions } from '../core/engine.js';

/**
 * Engine options for a CLI run: the data folder from --data-dir, REELFORGE_DATA_DIR or the
 * desktop app's folder; the base URL from the environment when set. The key comes only from the
 * environment too (never a flag, so it never lands in shell history or process listings), and
 * only where it may go: startupEngineOptions decides (main/core/settings/api-key.ts).
 */
export function cliEngineOptions(dataDir: string | undefined, extra: Partial<EngineOptions> = {}): EngineOptions {
  const env = process.env;
  const opts: EngineOptions = { dataDir: dataDir ?? defaultDataDir(), ...extra };
  if (env.OPENAI_BASE_URL) opts.baseURL = env.OPENAI_BASE_URL;
  if (env.FFMPEG_PATH && opts.ffmpegPath === undefined) opts.ffmpegPath = env.FFMPEG_PATH;
  // Shots (#11): stock keys, like the OpenAI key, only from the environment on the command line.
  if ((env.PEXELS_API_KEY || env.PIXABAY_API_KEY) && opts.stockKeys === undefined) {
    opts.stockKeys = { ...(env.PEXELS_API_KEY ? { pexels: env.PEXELS_API_KEY } : {}), ...(env.PIXABAY_API_KEY ? { pixabay: env.PIXABAY_API_KEY } : {}) };
  }
  return opts;
}
