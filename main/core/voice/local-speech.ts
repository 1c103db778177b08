/**
 * Local OpenAI-compatible speech servers (`local:<voice>`): Kokoro-FastAPI, LocalAI, Speaches,
 * openedai-speech. They speak OpenAI's /audio/speech, so synthesis is openai-speech.ts pointed
 * at their base URL (the speechBaseURL setting, or OPENAI_TTS_BASE_URL), with a model of their
 * own and no key unless the server wants one. Voices come from the server's list when it has one.
 */
import { z } from 'zod';
import type { OpenAiSpeechOptions, VoiceInfo } from './types.js';

export interface LocalSpeechOptions {
  /** e.g. http://127.0.0.1:8880/v1 (Kokoro-FastAPI). */
  baseURL: string;
  /** The model name the server expects (Kokoro-FastAPI: kokoro or tts-1; Speaches: a model id). */
  model: string;
  /** Only when the server (or a proxy in front of it) checks one. */
  apiKey?: string;
}

/** Most local servers accept any key; the SDK insists on one. */
const NO_KEY = 'not-needed';

export function localAsOpenAi(o: LocalSpeechOptions): OpenAiSpeechOptions {
  return { baseURL: o.baseURL, apiKey: o.apiKey || NO_KEY, model: o.model, timeoutMs: 120_000 };
}

/** Kokoro-FastAPI answers {"voices": ["af_bella", …]}; others {"voices": [{id|name|voice_id}]} or a bare array. */
const voiceEntry = z.union([z.string(), z.object({ id: z.string().optional(), name: z.string().optional(), voice_id: z.string().optional() }).loose()]);
const listSchema = z.union([z.object({ voices: z.array(voiceEntry) }).loose(), z.object({ data: z.array(voiceEntry) }).loose(), z.array(voiceEntry)]);

/** Pure: a server's voice list → voice ids; names a command line could misread are dropped. */
export function parseLocalVoices(json: unknown): string[] | null {
  const parsed = listSchema.safeParse(json);
  if (!parsed.success) return null;
  const d = parsed.data;
  const entries: z.infer<typeof voiceEntry>[] = Array.isArray(d) ? d : 'voices' in d ? (d.voices as z.infer<typeof voiceEntry>[]) : (d.data as z.infer<typeof voiceEntry>[]);
  const names = entries.map((e) => (typeof e === 'string' ? e : e.voice_id ?? e.id ?? e.name ?? '')).map((n) => n.trim());
  return [...new Set(names.filter((n) => n !== '' && !n.startsWith('-') && !/[\p{Cc}]/u.test(n)))];
}

/** Kokoro voice names encode language and gender: af_bella = American English, female. */
function kokoroHints(name: string): Pick<VoiceInfo, 'language' | 'gender'> {
  const m = /^([abjzefhip])([fm])_/.exec(name);
  if (!m) return {};
  const lang: Record<string, string> = { a: 'en-US', b: 'en-GB', j: 'ja', z: 'zh', e: 'es', f: 'fr', h: 'hi', i: 'it', p: 'pt-BR' };
  return { language: lang[m[1] as string] as string, gender: m[2] === 'f' ? 'female' : 'male' };
}

/**
 * The server's voices, or null when it has no list (the voice is then taken as given and the
 * server says at synthesis time whether it knows it). Throws when the server is unreachable.
 */
export async function listLocalVoices(o: LocalSpeechOptions, signal?: AbortSignal): Promise<VoiceInfo[] | null> {
  const url = `${o.baseURL.replace(/\/+$/, '')}/audio/voices`;
  const res = await fetch(url, { headers: o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}, signal: signal ?? AbortSignal.timeout(5000) });
  if (res.status === 404 || res.status === 405) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const names = parseLocalVoices(await res.json().catch(() => null));
  return names === null ? null : names.map((n) => ({ id: `local:${n}`, engine: 'local' as const, name: n, ...kokoroHints(n) }));
}
