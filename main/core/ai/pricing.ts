/**
 * Estimated cost of AI calls, from a price table the user can override in Settings (prices
 * change; local servers are free). Estimates only: the provider's invoice is the truth.
 */
import type { Usage } from './types.js';

/** USD per 1M tokens (text) or per 1M characters (speech). */
export interface Price {
  inputPerM?: number;
  outputPerM?: number;
  charactersPerM?: number;
}

/** Published standard-tier prices (USD) at the time of writing. */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  'gpt-4o-mini': { inputPerM: 0.15, outputPerM: 0.6 },
  'gpt-4o': { inputPerM: 2.5, outputPerM: 10 },
  'gpt-4.1': { inputPerM: 2, outputPerM: 8 },
  'gpt-4.1-mini': { inputPerM: 0.4, outputPerM: 1.6 },
  'gpt-4.1-nano': { inputPerM: 0.1, outputPerM: 0.4 },
  'gpt-5': { inputPerM: 1.25, outputPerM: 10 },
  'gpt-5-mini': { inputPerM: 0.25, outputPerM: 2 },
  'gpt-5-nano': { inputPerM: 0.05, outputPerM: 0.4 },
  'tts-1': { charactersPerM: 15 },
  'tts-1-hd': { charactersPerM: 30 },
  // gpt-4o-mini-tts bills tokens (~$0.015 per spoken minute); per character that is ≈ tts-1.
  'gpt-4o-mini-tts': { charactersPerM: 15 },
  // ElevenLabs API: $0.10 per 1K characters (Multilingual v2/v3), $0.05 (Flash/Turbo v2.5).
  eleven_multilingual_v2: { charactersPerM: 100 },
  eleven_v3: { charactersPerM: 100 },
  eleven_flash_v2_5: { charactersPerM: 50 },
  eleven_turbo_v2_5: { charactersPerM: 50 },
};

/** The defaults with the user's overrides on top (an override replaces a model's whole entry). */
export function mergePrices(overrides: Record<string, Price> = {}): Record<string, Price> {
  return { ...DEFAULT_PRICES, ...overrides };
}

/** 'gpt-4o-mini-2024-07-18' bills as 'gpt-4o-mini'. */
function priceOf(model: string, prices: Readonly<Record<string, Price>>): Price | undefined {
  return prices[model] ?? prices[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
}

/** Unknown models (local servers, new names) cost nothing we can know: 0, not a guess. */
export function costFor(model: string, u: Omit<Usage, 'costUsd'>, prices: Readonly<Record<string, Price>> = DEFAULT_PRICES): number {
  const p = priceOf(model, prices);
  if (!p) return 0;
  return ((p.inputPerM ?? 0) * u.inputTokens + (p.outputPerM ?? 0) * u.outputTokens + (p.charactersPerM ?? 0) * u.characters) / 1e6;
}
