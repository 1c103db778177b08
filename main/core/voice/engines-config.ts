/**
 * Which voice engines a run can use, from the settings and the environment: one mapping for
 * every host. OpenAI's speech comes with the AI key (engine.ts); ElevenLabs with its own key;
 * a local speech server with its URL; Edge needs nothing (its URL can be replaced for tests or
 * a relay). Transcription (for a creator's voice-over) goes to its own URL, or OpenAI's.
 */
import type { OpenAiSpeechOptions } from './types.js';
import type { VoiceEngines } from './voices.js';

export interface SoundOptions {
  /** A local OpenAI-compatible speech server (Kokoro-FastAPI, LocalAI, ...): speechBaseURL / OPENAI_TTS_BASE_URL. */
  speechBaseURL?: string;
  speechServerModel?: string;
  elevenlabsApiKey?: string;
  /** ELEVENLABS_BASE_URL: replaces https://api.elevenlabs.io (tests, proxies). */
  elevenlabsBaseURL?: string;
  elevenlabsModel?: string;
  /** REELFORGE_EDGE_URL: replaces Edge's host (tests, a relay). */
  edgeBaseURL?: string;
  /** An OpenAI-compatible /audio/transcriptions server (faster-whisper, Speaches); empty: OpenAI's with the key. */
  transcribeBaseURL?: string;
  transcribeModel?: string;
}

export interface TranscribeOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
}

export const DEFAULT_SPEECH_SERVER_MODEL = 'tts-1';
/** ElevenLabs' most natural multilingual model; `elevenlabsModel` picks another (eleven_flash_v2_5 costs half). */
export const ELEVENLABS_DEFAULT_MODEL = 'eleven_multilingual_v2';
export const DEFAULT_TRANSCRIBE_MODEL = 'whisper-1';

/**
 * The sound options the settings and environment give (the environment wins, as for
 * OPENAI_BASE_URL). `elevenlabsKey`: the host's key store decided it (saved in Settings, else
 * ELEVENLABS_API_KEY); undefined reads the environment alone.
 */
export function soundOptionsFrom(s: { speechBaseURL?: string; speechServerModel?: string; elevenlabsModel?: string; transcribeBaseURL?: string; transcribeModel?: string }, env: NodeJS.ProcessEnv = process.env, elevenlabsKey?: string | null): SoundOptions {
  const speechBaseURL = env.OPENAI_TTS_BASE_URL || s.speechBaseURL;
  const elevenlabsApiKey = elevenlabsKey === undefined ? env.ELEVENLABS_API_KEY : elevenlabsKey;
  return {
    ...(speechBaseURL ? { speechBaseURL } : {}),
    ...(s.speechServerModel ? { speechServerModel: s.speechServerModel } : {}),
    ...(elevenlabsApiKey ? { elevenlabsApiKey } : {}),
    ...(env.ELEVENLABS_BASE_URL ? { elevenlabsBaseURL: env.ELEVENLABS_BASE_URL } : {}),
    ...(s.elevenlabsModel ? { elevenlabsModel: s.elevenlabsModel } : {}),
    ...(env.REELFORGE_EDGE_URL ? { edgeBaseURL: env.REELFORGE_EDGE_URL } : {}),
    ...(s.transcribeBaseURL ? { transcribeBaseURL: s.transcribeBaseURL } : {}),
    ...(s.transcribeModel ? { transcribeModel: s.transcribeModel } : {}),
  };
}

export function voiceEnginesFor(o: SoundOptions, openai?: OpenAiSpeechOptions): VoiceEngines {
  return {
    ...(openai ? { openai } : {}),
    ...(o.elevenlabsApiKey ? { elevenlabs: { apiKey: o.elevenlabsApiKey, model: o.elevenlabsModel || ELEVENLABS_DEFAULT_MODEL, ...(o.elevenlabsBaseURL ? { baseURL: o.elevenlabsBaseURL } : {}) } } : {}),
    ...(o.speechBaseURL ? { local: { baseURL: o.speechBaseURL, model: o.speechServerModel || DEFAULT_SPEECH_SERVER_MODEL } } : {}),
    ...(o.edgeBaseURL ? { edge: { baseURL: o.edgeBaseURL } } : {}),
  };
}

/** Transcription for voice-overs: a configured server (no key needed), or OpenAI's with the key; none otherwise. */
export function transcribeFor(o: SoundOptions, openaiKey?: string, openaiBaseURL?: string): TranscribeOptions | undefined {
  const model = o.transcribeModel || DEFAULT_TRANSCRIBE_MODEL;
  if (o.transcribeBaseURL) return { baseURL: o.transcribeBaseURL, apiKey: openaiKey || 'not-needed', model };
  if (openaiKey) return { apiKey: openaiKey, model, ...(openaiBaseURL ? { baseURL: openaiBaseURL } : {}) };
  return undefined;
}
