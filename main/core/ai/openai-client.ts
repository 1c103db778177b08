import OpenAI from 'openai';

export interface OpenAiConnection {
  apiKey: string;
  baseURL?: string;
}

/** One client per connection; the SDK's retries are off so resilience.ts is the only policy. */
export function createOpenAiClient(c: OpenAiConnection): OpenAI {
  return new OpenAI({ apiKey: c.apiKey, ...(c.baseURL ? { baseURL: c.baseURL } : {}), maxRetries: 0, timeout: 600_000 });
}
