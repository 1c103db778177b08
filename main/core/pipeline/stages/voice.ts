import { costFor, type Price } from '../../ai/pricing.js';
import type { Limiter } from '../../ai/resilience.js';
import type { WorkerPool } from '../../pool/worker-pool.js';
import type { CaptionChunk } from '../../media/captions/chunk.js';
import { trackWords, type TrackChunk, type TrackWord } from '../../media/captions/timing.js';
import type { OpenAiSpeechOptions, TtsResult, TimedSpan, TimedWord } from '../../voice/types.js';
import { voiceBytesEstimate } from '../../cache/disk-space.js';
import { voiceEngineIdentity } from '../../voice/engine-identity.js';
import { cachedFile, stageKey, type StageCacheContext } from '../stage-cache.js';
import type { StageReport } from '../types.js';

const VERSION = 2;
/** Silence between caption chunks: enough to breathe, short enough to keep the pace of a short. */
export const CHUNK_GAP_MS = 120;

/**
 * The voice on its own timeline: every chunk's exact span (measured in samples) and every
 * word's time, from the engine where it reports word timings, otherwise estimated inside its
 * chunk by syllable weight. Captions, the shot plan and the sync check all read this.
 */
export interface VoiceTrack {
  wavPath: string;
  durationMs: number;
  chunks: TrackChunk[];
  words: TrackWord[];
  /** 'engine' when every chunk's words came from the engine; otherwise some were estimated. */
  wordTiming: 'engine' | 'estimated';
  key: string;
}

export interface VoiceOutput extends VoiceTrack {
  report: StageReport;
}

export interface VoiceDeps {
  pool: WorkerPool;
  ttsLimiter: Limiter;
  openai?: OpenAiSpeechOptions;
  prices?: Readonly<Record<string, Price>>;
  signal: AbortSignal;
  onFraction: (f: number) => void;
}

interface VoiceMeta {
  durationMs: number;
  spans: TimedSpan[];
  words: (TimedWord[] | null)[];
  sampleRate: number;
}

/** Voice: one synthesis per voice chunk (in a worker) so every chunk's timing is exact. */
export async function voiceStage(ctx: StageCacheContext, script: readonly CaptionChunk[], voice: string, rate: number, deps: VoiceDeps): Promise<VoiceOutput> {
  const chunks = script.map((c) => c.text);
  const key = stageKey('voice', VERSION, {
    // espeak-ng, say and SAPI speak `system:` voices differently: the key names the engine here.
    chunks, voice, engine: await voiceEngineIdentity(voice), rate, gapMs: CHUNK_GAP_MS,
    model: voice.startsWith('openai:') ? (deps.openai?.model ?? null) : null,
    baseURL: voice.startsWith('openai:') ? (deps.openai?.baseURL ?? null) : null,
  });
  const { hit, report } = await cachedFile(ctx, 'voice', 'voice', key, async () => {
    // A full disk fails here, with the folder and the size, not as a raw ENOSPC inside the worker.
    ctx.cache.ensureFreeSpace(voiceBytesEstimate(chunks), 'the voice');
    const outPath = ctx.cache.tmpPath('.wav');
    const result = (await deps.ttsLimiter.run(
      () => deps.pool.run(
        { kind: 'tts', tts: { voice, rate, chunks, outPath, gapMs: CHUNK_GAP_MS, ...(voice.startsWith('openai:') && deps.openai ? { openai: deps.openai } : {}) } },
        { signal: deps.signal, onProgress: (p) => deps.onFraction(p.fraction), label: 'voice' },
      ),
      deps.signal,
    )) as TtsResult;
    const meta: VoiceMeta = { durationMs: result.durationMs, spans: result.chunks, words: result.words ?? result.chunks.map(() => null), sampleRate: result.sampleRate };
    // Speech is billed per character; system voices cost nothing.
    const costUsd = voice.startsWith('openai:') && deps.openai
      ? costFor(deps.openai.model, { inputTokens: 0, outputTokens: 0, characters: result.characters }, deps.prices)
      : 0;
    return { tempPath: result.wavPath, meta, costUsd };
  });
  const meta = hit.meta as VoiceMeta;
  return { ...voiceTrack(script, meta, hit.path, key), report };
}

function voiceTrack(script: readonly CaptionChunk[], meta: VoiceMeta, wavPath: string, key: string): VoiceTrack {
  const chunks = script.map((c, i) => ({ text: c.text, sentence: c.sentence, startMs: meta.spans[i]?.startMs ?? 0, endMs: meta.spans[i]?.endMs ?? 0 }));
  return {
    wavPath,
    durationMs: meta.durationMs,
    chunks,
    words: trackWords(chunks.map((c) => c.text), meta.spans, meta.words),
    wordTiming: meta.words.length > 0 && meta.words.every((w) => w !== null) ? 'engine' : 'estimated',
    key,
  };
}
