import { costFor, type Price } from '../../ai/pricing.js';
import type { Limiter } from '../../ai/resilience.js';
import type { WorkerPool } from '../../pool/worker-pool.js';
import type { OpenAiSpeechOptions, TtsResult, TimedSpan } from '../../voice/types.js';
import { cachedFile, stageKey, type StageCacheContext } from '../stage-cache.js';
import type { StageReport } from '../types.js';

const VERSION = 1;
/** Silence between caption chunks: enough to breathe, short enough to keep the pace of a short. */
export const CHUNK_GAP_MS = 120;

export interface VoiceOutput {
  wavPath: string;
  durationMs: number;
  spans: TimedSpan[];
  key: string;
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
  sampleRate: number;
}

/** Voice: one synthesis per caption chunk (in a worker) so every chunk's timing is exact. */
export async function voiceStage(ctx: StageCacheContext, chunks: string[], voice: string, rate: number, deps: VoiceDeps): Promise<VoiceOutput> {
  const key = stageKey('voice', VERSION, {
    chunks, voice, rate, gapMs: CHUNK_GAP_MS,
    model: voice.startsWith('openai:') ? (deps.openai?.model ?? null) : null,
    baseURL: voice.startsWith('openai:') ? (deps.openai?.baseURL ?? null) : null,
  });
  const { hit, report } = await cachedFile(ctx, 'voice', 'voice', key, async () => {
    const outPath = ctx.cache.tmpPath('.wav');
    const result = (await deps.ttsLimiter.run(
      () => deps.pool.run(
        { kind: 'tts', tts: { voice, rate, chunks, outPath, gapMs: CHUNK_GAP_MS, ...(voice.startsWith('openai:') && deps.openai ? { openai: deps.openai } : {}) } },
        { signal: deps.signal, onProgress: (p) => deps.onFraction(p.fraction), label: 'voice' },
      ),
      deps.signal,
    )) as TtsResult;
    const meta: VoiceMeta = { durationMs: result.durationMs, spans: result.chunks, sampleRate: result.sampleRate };
    // Speech is billed per character; system voices cost nothing.
    const costUsd = voice.startsWith('openai:') && deps.openai
      ? costFor(deps.openai.model, { inputTokens: 0, outputTokens: 0, characters: result.characters }, deps.prices)
      : 0;
    return { tempPath: result.wavPath, meta, costUsd };
  });
  const meta = hit.meta as VoiceMeta;
  return { wavPath: hit.path, durationMs: meta.durationMs, spans: meta.spans, key, report };
}
