import type OpenAI from 'openai';

export interface OpenAiConnection {
  apiKey: string;
  baseURL?: string;
}

/**
 * One client per connection; the SDK's retries are off so resilience.ts is the only policy.
 * The SDK (~150 modules) is loaded on first use, not at start-up: an offline run never needs it.
 */
export async function createOpenAiClient(c: OpenAiConnection): Promise<OpenAI> {
  const { default: OpenAIClient } = await import('openai');
  return new OpenAIClient({ apiKey: c.apiKey, ...(c.baseURL ? { baseURL: c.baseURL } : {}), maxRetries: 0, timeout: 600_000 });
}
