import { UserError } from '../errors.js';
import { createOfflineProvider } from './offline-provider.js';
import { createOpenAiProvider } from './openai-provider.js';
import type { Price } from './pricing.js';
import type { AiProvider } from './types.js';

/** Current, inexpensive defaults; both are settings. */
export const defaultModels = { text: 'gpt-4o-mini', speech: 'gpt-4o-mini-tts' } as const;

export interface ProviderChoice {
  provider: 'auto' | 'openai' | 'offline';
  apiKey?: string;
  baseURL?: string;
  textModel?: string;
  timeoutMs?: number;
  prices?: Record<string, Price>;
}

/** auto = OpenAI when a key is configured, otherwise the offline writer. */
export function selectProvider(c: ProviderChoice): AiProvider {
  const wantOpenAi = c.provider === 'openai' || (c.provider === 'auto' && Boolean(c.apiKey));
  if (!wantOpenAi) return createOfflineProvider();
  if (!c.apiKey) {
    throw new UserError('config', 'The openai provider needs an API key: set OPENAI_API_KEY (or the key in Settings), or use --provider offline.', 'OPENAI_API_KEY');
  }
  return createOpenAiProvider({
    apiKey: c.apiKey, model: c.textModel ?? defaultModels.text,
    ...(c.baseURL ? { baseURL: c.baseURL } : {}), ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}), ...(c.prices ? { prices: c.prices } : {}),
  });
}
