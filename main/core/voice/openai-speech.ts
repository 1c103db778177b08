import { createOpenAiClient } from '../ai/openai-client.js';
import { withRetries } from '../ai/resilience.js';
import type { OpenAiSpeechOptions, VoiceInfo } from './types.js';

const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'] as const;

export function listOpenAiVoices(): VoiceInfo[] {
  return OPENAI_VOICES.map((v) => ({ id: `openai:${v}`, engine: 'openai' as const, name: v }));
}

/** One chunk of speech as WAV bytes, through the speech endpoint with the shared retry policy. */
export async function synthesizeOpenAi(voice: string, text: string, opts: OpenAiSpeechOptions, signal?: AbortSignal): Promise<Buffer> {
  const client = createOpenAiClient(opts);
  return withRetries('Synthesising speech', async (s) => {
    const res = await client.audio.speech.create({ model: opts.model, voice, input: text, response_format: 'wav' }, { signal: s });
    return Buffer.from(await res.arrayBuffer());
  }, { timeoutMs: opts.timeoutMs ?? 60_000, ...(signal ? { signal } : {}) });
}
