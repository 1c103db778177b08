/**
 * ElevenLabs voices (`elevenlabs:<voice_id>`) through the with-timestamps endpoint: the audio
 * and, for every character, when it is spoken — words are rebuilt from those, so caption
 * timing comes from the engine. Plain fetch (the official SDK pulls in node-fetch v2 for this
 * one call) under the shared retry policy. The key travels in a header only.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { TimedWord } from '../media/captions/timing.js';
import { withRetries, type RetryPolicy } from '../ai/resilience.js';
import type { VoiceInfo } from './types.js';
import { wavHeader } from './wav.js';

export const ELEVENLABS_DEFAULT_BASE_URL = 'https://api.elevenlabs.io';
export { ELEVENLABS_DEFAULT_MODEL } from './engines-config.js';
/** `pcm_24000`: raw 24 kHz mono 16-bit little-endian, open to every plan; exact length, no decoder delay. */
const OUTPUT_FORMAT = 'pcm_24000';
const PCM = { sampleRate: 24_000, channels: 1, bitsPerSample: 16 } as const;
const KEY_HINT = 'ELEVENLABS_API_KEY or Settings';

export interface ElevenLabsOptions {
  apiKey: string;
  /** Replaces https://api.elevenlabs.io (tests, proxies): ELEVENLABS_BASE_URL. */
  baseURL?: string;
  model: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface ElevenLabsSpeech {
  /** A PCM WAV. */
  audio: Buffer;
  /** ms from the start of `audio`, from the character alignment. */
  words: TimedWord[] | null;
}

const alignmentSchema = z.object({
  characters: z.array(z.string()),
  character_start_times_seconds: z.array(z.number()),
  character_end_times_seconds: z.array(z.number()),
});
const answerSchema = z.object({ audio_base64: z.string().min(1), alignment: alignmentSchema.nullable().optional() });

/**
 * Pure: per-character times → words. A word is a run of non-space characters; it starts when
 * its first character starts and ends when its last one ends.
 */
export function wordsFromAlignment(a: z.infer<typeof alignmentSchema>): TimedWord[] | null {
  const n = Math.min(a.characters.length, a.character_start_times_seconds.length, a.character_end_times_seconds.length);
  const words: TimedWord[] = [];
  let text = '';
  let start = 0;
  let end = 0;
  const flush = (): void => {
    if (text) words.push({ text, startMs: Math.round(start * 1000), endMs: Math.round(Math.max(start, end) * 1000) });
    text = '';
  };
  for (let i = 0; i < n; i++) {
    const ch = a.characters[i] as string;
    if (/^\s*$/u.test(ch)) {
      flush();
      continue;
    }
    if (!text) start = a.character_start_times_seconds[i] as number;
    text += ch;
    end = a.character_end_times_seconds[i] as number;
  }
  flush();
  return words.length > 0 ? words : null;
}

function base(opts: ElevenLabsOptions): string {
  return (opts.baseURL || ELEVENLABS_DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** An HTTP answer that is not 2xx, shaped so the retry policy reads its status and Retry-After. */
class HttpStatus extends Error {
  constructor(readonly status: number, readonly headers: Headers) {
    super(`HTTP ${status}`);
  }
}

async function call(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
  const res = await fetch(url, { ...init, signal });
  if (!res.ok) {
    await res.body?.cancel();
    throw new HttpStatus(res.status, res.headers);
  }
  return res;
}

/** One chunk of speech with its words. `rate` is ElevenLabs' voice_settings.speed (0.7–1.2). */
export async function synthesizeElevenLabs(voiceId: string, text: string, rate: number, opts: ElevenLabsOptions, signal?: AbortSignal): Promise<ElevenLabsSpeech> {
  const url = `${base(opts)}/v1/text-to-speech/${encodeURIComponent(voiceId)}/with-timestamps?output_format=${OUTPUT_FORMAT}`;
  const speed = Math.min(1.2, Math.max(0.7, rate));
  const body = JSON.stringify({ text, model_id: opts.model, ...(speed !== 1 ? { voice_settings: { speed } } : {}) });
  const json = await withRetries(
    `ElevenLabs voice ${voiceId}`,
    async (s) => (await call(url, { method: 'POST', headers: { 'xi-api-key': opts.apiKey, 'content-type': 'application/json', accept: 'application/json' }, body }, s)).json() as Promise<unknown>,
    { timeoutMs: opts.timeoutMs ?? 60_000, keyHint: KEY_HINT, ...(signal ? { signal } : {}), ...(opts.retry ? { policy: opts.retry } : {}) },
  );
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) throw new UserError('provider', `ElevenLabs voice ${voiceId} answered without audio (${parsed.error.issues[0]?.path.join('.') || 'root'}): check ELEVENLABS_BASE_URL.`, 'voice');
  const pcm = Buffer.from(parsed.data.audio_base64, 'base64');
  const even = pcm.subarray(0, pcm.length - (pcm.length % 2));
  return { audio: Buffer.concat([wavHeader(PCM, even.length), even]), words: parsed.data.alignment ? wordsFromAlignment(parsed.data.alignment) : null };
}

const voicesSchema = z.object({
  voices: z.array(z.object({
    voice_id: z.string().regex(/^[A-Za-z0-9_-]+$/),
    name: z.string(),
    labels: z.record(z.string(), z.string().nullable()).nullable().optional(),
  }).loose()),
});

/** The account's voices (premade, cloned, library). */
export async function listElevenLabsVoices(opts: ElevenLabsOptions, signal?: AbortSignal): Promise<VoiceInfo[]> {
  const json = await withRetries(
    'Listing ElevenLabs voices',
    async (s) => (await call(`${base(opts)}/v1/voices`, { headers: { 'xi-api-key': opts.apiKey, accept: 'application/json' } }, s)).json() as Promise<unknown>,
    { timeoutMs: opts.timeoutMs ?? 15_000, keyHint: KEY_HINT, policy: { attempts: 2, ...opts.retry }, ...(signal ? { signal } : {}) },
  );
  const parsed = voicesSchema.safeParse(json);
  if (!parsed.success) throw new UserError('provider', 'ElevenLabs sent a voice list this version cannot read: check ELEVENLABS_BASE_URL.', 'ELEVENLABS_BASE_URL');
  return parsed.data.voices.map((v) => {
    const labels = v.labels ?? {};
    const gender = labels.gender === 'male' || labels.gender === 'female' ? labels.gender : undefined;
    const language = labels.language ?? undefined;
    return {
      id: `elevenlabs:${v.voice_id}`, engine: 'elevenlabs' as const, name: [v.name, labels.accent].filter(Boolean).join(' · '),
      ...(language ? { language } : {}), ...(gender ? { gender } : {}),
    };
  });
}
