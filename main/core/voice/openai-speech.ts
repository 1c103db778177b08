/**
 * OpenAI (or compatible) speech for one chunk of text, through the SDK and the shared retry
 * policy. We ask for WAV so chunk timing comes from samples; PCM is wrapped in a WAV header
 * here. A compatible server that ignores response_format (some send MP3 regardless) is
 * handled by the caller, which decodes anything that isn't PCM WAV with ffmpeg.
 */
import type OpenAI from 'openai';
import { createOpenAiClient } from '../ai/openai-client.js';
import { withRetries, type RetryPolicy } from '../ai/resilience.js';
import type { OpenAiSpeechOptions, VoiceInfo } from './types.js';
import { wavHeader } from './wav.js';

/**
 * The built-in voices of the speech endpoint. ballad and verse (and ash, coral, sage on older
 * accounts) need gpt-4o-mini-tts, the default speech model; tts-1 offers the classic six
 * (alloy, echo, fable, onyx, nova, shimmer).
 */
export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'] as const;

/** `response_format: 'pcm'` is 24 kHz mono signed 16-bit little-endian, headerless. */
export const OPENAI_PCM_FORMAT = { sampleRate: 24_000, channels: 1, bitsPerSample: 16 } as const;

export type SpeechFormat = 'wav' | 'pcm';

export function listOpenAiVoices(): VoiceInfo[] {
  return OPENAI_VOICES.map((v) => ({ id: `openai:${v}`, engine: 'openai' as const, name: v }));
}

export interface SpeechCall {
  /** Speed factor, 0.25–4 (1 = natural). */
  speed?: number;
  format?: SpeechFormat;
  signal?: AbortSignal;
  /** Reuse one client across the chunks of a job (keeps the connection pool warm). */
  client?: OpenAI;
  retry?: Partial<RetryPolicy>;
}

/** One chunk of speech as audio bytes: a WAV unless the server ignored the format it was asked for. */
export async function synthesizeOpenAi(voice: string, text: string, opts: OpenAiSpeechOptions, call: SpeechCall = {}): Promise<Buffer> {
  const client = call.client ?? (await createOpenAiClient(opts));
  const format = call.format ?? 'wav';
  const speed = call.speed === undefined || call.speed === 1 ? undefined : Math.min(4, Math.max(0.25, call.speed));
  const bytes = await withRetries(
    'Synthesising speech',
    async (signal) => {
      const res = await client.audio.speech.create(
        { model: opts.model, voice, input: text, response_format: format, ...(speed !== undefined ? { speed } : {}) },
        { signal },
      );
      return Buffer.from(await res.arrayBuffer());
    },
    { timeoutMs: opts.timeoutMs ?? 60_000, ...(call.signal ? { signal: call.signal } : {}), ...(call.retry ? { policy: call.retry } : {}) },
  );
  if (format === 'pcm' && !isRiff(bytes)) return Buffer.concat([wavHeader(OPENAI_PCM_FORMAT, bytes.length - (bytes.length % 2)), bytes.subarray(0, bytes.length - (bytes.length % 2))]);
  return bytes;
}

function isRiff(b: Buffer): boolean {
  return b.length >= 12 && b.toString('ascii', 0, 4) === 'RIFF';
}
