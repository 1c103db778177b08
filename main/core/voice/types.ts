import type { EdgeSpeechOptions } from './edge-speech.js';
import type { ElevenLabsOptions } from './elevenlabs-speech.js';
import type { LocalSpeechOptions } from './local-speech.js';

/**
 * Voice ids are `<engine>:<name>`: `system:<name>` (espeak-ng / say / SAPI), `openai:<voice>`,
 * `edge:<ShortName>` (Microsoft Edge's online voices), `elevenlabs:<voice_id>`, and
 * `local:<voice>` (a local OpenAI-compatible speech server: Kokoro-FastAPI, LocalAI, ...).
 */
export type VoiceEngine = 'system' | 'openai' | 'edge' | 'elevenlabs' | 'local';

export interface VoiceInfo {
  id: string; // e.g. 'system:en-us', 'openai:alloy', 'edge:en-US-AvaMultilingualNeural'
  engine: VoiceEngine;
  name: string;
  language?: string;
  gender?: 'female' | 'male';
}

export interface OpenAiSpeechOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
}

/** Synthesise each chunk separately so every chunk's start/end in the result is exact. */
export interface TtsJob {
  voice: string; // a voice id
  /** Words per minute hint (system engines) / speed factor basis; 1.0 = engine default. */
  rate: number;
  chunks: string[];
  /** Where to write the concatenated mono 16-bit PCM WAV. */
  outPath: string;
  /** Silence between chunks, ms. */
  gapMs: number;
  /** Only for openai voices. Crosses the worker boundary, never the renderer. */
  openai?: OpenAiSpeechOptions;
  /** Only for elevenlabs voices (carries the key: worker boundary only). */
  elevenlabs?: ElevenLabsOptions;
  /** Only for local voices: the speech server. */
  local?: LocalSpeechOptions;
  /** Edge's endpoint when it is replaced (tests, a relay). */
  edge?: EdgeSpeechOptions;
}

export interface TimedSpan {
  startMs: number;
  endMs: number;
}

/** A word and when it is spoken, ms. */
export interface TimedWord extends TimedSpan {
  text: string;
}

export interface TtsResult {
  wavPath: string;
  sampleRate: number;
  durationMs: number;
  /** One span per input chunk, in order. */
  chunks: TimedSpan[];
  /**
   * Per chunk, the engine's own word timings when it reports them (Edge word boundaries,
   * ElevenLabs alignment), absolute in the joined WAV; null for a chunk the engine gave none
   * (the voice stage then estimates them). One entry per word of `wordsOf(chunk)`.
   */
  words?: (TimedWord[] | null)[];
  /** Characters synthesised (for cost accounting). */
  characters: number;
}
