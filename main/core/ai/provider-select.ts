/**
 * Which AI provider a run uses. The key only ever flows into the SDK client: no message,
 * log line or thrown object built here or below carries it (see resilience.ts).
 */
import { UserError } from '../errors.js';
import { createOfflineProvider } from './offline-provider.js';
import { createOpenAiProvider } from './openai-provider.js';
import type { Price } from './pricing.js';
import type { RetryPolicy } from './resilience.js';
import type { AiProvider } from './types.js';

/**
 * Current, inexpensive defaults; both are settings.
 * - text: gpt-4o-mini — cheap, fast, supports strict structured output.
 * - speech: gpt-4o-mini-tts — same per-character estimate as tts-1 but offers all eleven
 *   built-in voices (tts-1 lacks ash, ballad, coral, sage, verse) and answers in WAV/PCM.
 *   Set the speech model to tts-1 for OpenAI-compatible servers that only know that name.
 */
export const defaultModels = { text: 'gpt-4o-mini', speech: 'gpt-4o-mini-tts' } as const;

export type ProviderName = 'auto' | 'openai' | 'offline';

export interface ProviderChoice {
  provider: ProviderName;
  apiKey?: string;
  /** Any OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for a local server. */
  baseURL?: string;
  textModel?: string;
  timeoutMs?: number;
  prices?: Record<string, Price>;
  retry?: Partial<RetryPolicy>;
}

/** auto = OpenAI when a key is configured, otherwise the offline writer. */
export function selectProvider(c: ProviderChoice): AiProvider {
  const apiKey = c.apiKey?.trim();
  const wantOpenAi = c.provider === 'openai' || (c.provider === 'auto' && Boolean(apiKey));
  if (!wantOpenAi) return createOfflineProvider();
  if (!apiKey) {
    throw new UserError('config', 'The openai provider needs an API key: set OPENAI_API_KEY (or the key in Settings), or use --provider offline.', 'OPENAI_API_KEY');
  }
  if (c.baseURL !== undefined && !/^https?:\/\/[^\s]+$/i.test(c.baseURL)) {
    throw new UserError('config', `The base URL "${c.baseURL}" is not an http(s) URL: use e.g. https://api.openai.com/v1.`, 'baseURL');
  }
  return createOpenAiProvider({
    apiKey,
    model: c.textModel?.trim() || defaultModels.text,
    ...(c.baseURL ? { baseURL: c.baseURL } : {}),
    ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}),
    ...(c.prices ? { prices: c.prices } : {}),
    ...(c.retry ? { retry: c.retry } : {}),
  });
}
