import type { Usage } from './types.js';

/** USD per 1M tokens (text) or per 1M characters (speech). Overridable from settings. */
export interface Price {
  inputPerM?: number;
  outputPerM?: number;
  charactersPerM?: number;
}

export const DEFAULT_PRICES: Record<string, Price> = {
  'gpt-4o-mini': { inputPerM: 0.15, outputPerM: 0.6 },
  'gpt-4.1-mini': { inputPerM: 0.4, outputPerM: 1.6 },
  'gpt-4.1-nano': { inputPerM: 0.1, outputPerM: 0.4 },
  'gpt-4o': { inputPerM: 2.5, outputPerM: 10 },
  'gpt-5-mini': { inputPerM: 0.25, outputPerM: 2 },
  'tts-1': { charactersPerM: 15 },
  'tts-1-hd': { charactersPerM: 30 },
  // gpt-4o-mini-tts bills audio tokens; ~$15 per 1M characters is its published estimate.
  'gpt-4o-mini-tts': { charactersPerM: 15 },
};

/** Unknown models (local servers) cost nothing we can know: 0, not a guess. */
export function costFor(model: string, u: Omit<Usage, 'costUsd'>, prices: Record<string, Price> = DEFAULT_PRICES): number {
  const p = prices[model];
  if (!p) return 0;
  return ((p.inputPerM ?? 0) * u.inputTokens + (p.outputPerM ?? 0) * u.outputTokens + (p.charactersPerM ?? 0) * u.characters) / 1e6;
}
