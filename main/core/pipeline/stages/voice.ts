import { costFor, type Price } from '../../ai/pricing.js';
import type { Limiter } from '../../ai/resilience.js';
import { UserError } from '../../errors.js';
import type { WorkerPool } from '../../pool/worker-pool.js';
import type { CaptionChunk } from '../../media/captions/chunk.js';
import { trackWords, type TrackChunk, type TrackWord } from '../../media/captions/timing.js';
import { measurePace } from '../../voice/pace.js';
import type { TtsJob, TtsResult, TimedSpan, TimedWord } from '../../voice/types.js';
import { parseVoiceId, type VoiceEngines } from '../../voice/voices.js';
import { rememberPace } from '../pace-memo.js';
import { voiceBytesEstimate } from '../../cache/disk-space.js';
import { voiceEngineIdentity } from '../../voice/engine-identity.js';
import { cachedFile, stageKey, type StageCacheContext } from '../stage-cache.js';
import type { StageReport } from '../types.js';

const VERSION = 3;
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
  /**
   * 'engine' when every chunk's words came from the engine, 'estimated' when some were shared
   * out by syllable weight; for a voice-over, 'transcript' (word timestamps of a transcription)
   * or 'aligned' (the recording's pauses and syllable weight).
   */
  wordTiming: 'engine' | 'estimated' | 'transcript' | 'aligned';
  key: string;
}

export interface VoiceOutput extends VoiceTrack {
  report: StageReport;
  /** The voice that spoke: the one asked for, or the fallback when it failed. */
  voice: string;
  /** Set when the voice asked for failed and the fallback spoke instead. */
  warning?: string;
}

export interface VoiceDeps {
  pool: WorkerPool;
  ttsLimiter: Limiter;
  engines: VoiceEngines;
  /** Spoken instead of an online voice that fails (Edge is an unofficial service). */
  fallbackVoice?: string;
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

/**
 * What decides a voice's sound besides the text: the voice, its rate and the engine's model
 * and server. Part of the voice's cache key and of its remembered pace.
 */
export function voiceIdentity(voice: string, rate: number, engines: VoiceEngines): Record<string, unknown> {
  const { engine } = parseVoiceId(voice);
  const server = engine === 'openai' ? engines.openai : engine === 'local' ? engines.local : engine === 'elevenlabs' ? engines.elevenlabs : undefined;
  return {
    voice, rate,
    model: server?.model ?? null,
    baseURL: server?.baseURL ?? (engine === 'edge' ? engines.edge?.baseURL ?? null : null),
  };
}

/** The engine options a TTS job carries into the worker (keys stay on the worker boundary). */
export function engineOptions(voice: string, engines: VoiceEngines): Pick<TtsJob, 'openai' | 'elevenlabs' | 'local' | 'edge'> {
  const { engine } = parseVoiceId(voice);
  if (engine === 'openai' && engines.openai) return { openai: engines.openai };
  if (engine === 'elevenlabs' && engines.elevenlabs) return { elevenlabs: engines.elevenlabs };
  if (engine === 'local' && engines.local) return { local: engines.local };
  if (engine === 'edge' && engines.edge) return { edge: engines.edge };
  return {};
}

/** Speech is billed per character by the paid engines; system, Edge and local voices cost nothing. */
export function costOf(voice: string, engines: VoiceEngines, characters: number, prices?: Readonly<Record<string, Price>>): number {
  const { engine } = parseVoiceId(voice);
  const model = engine === 'openai' ? engines.openai?.model : engine === 'elevenlabs' ? engines.elevenlabs?.model : undefined;
  return model ? costFor(model, { inputTokens: 0, outputTokens: 0, characters }, prices) : 0;
}

async function speak(ctx: StageCacheContext, script: readonly CaptionChunk[], voice: string, rate: number, deps: VoiceDeps): Promise<VoiceOutput> {
  const chunks = script.map((c) => c.text);
  const identity = voiceIdentity(voice, rate, deps.engines);
  // espeak-ng, say and SAPI speak `system:` voices differently: the key names the engine here.
  const key = stageKey('voice', VERSION, { chunks, ...identity, engine: await voiceEngineIdentity(voice), gapMs: CHUNK_GAP_MS });
  const { hit, report } = await cachedFile(ctx, 'voice', 'voice', key, async () => {
    // A full disk fails here, with the folder and the size, not as a raw ENOSPC inside the worker.
    ctx.cache.ensureFreeSpace(voiceBytesEstimate(chunks), 'the voice');
    const outPath = ctx.cache.tmpPath('.wav');
    const result = (await deps.ttsLimiter.run(
      () => deps.pool.run(
        { kind: 'tts', tts: { voice, rate, chunks, outPath, gapMs: CHUNK_GAP_MS, ...engineOptions(voice, deps.engines) } },
        { signal: deps.signal, onProgress: (p) => deps.onFraction(p.fraction), label: 'voice' },
      ),
      deps.signal,
    )) as TtsResult;
    const meta: VoiceMeta = { durationMs: result.durationMs, spans: result.chunks, words: result.words ?? result.chunks.map(() => null), sampleRate: result.sampleRate };
    // The voice's pace, from its first real synthesis: later scripts for it are sized right.
    const spoken = result.chunks.reduce((a, s) => a + (s.endMs - s.startMs), 0);
    const pace = measurePace(chunks, spoken, result.durationMs);
    if (pace) rememberPace(ctx.cache, identity, pace);
    return { tempPath: result.wavPath, meta, costUsd: costOf(voice, deps.engines, result.characters, deps.prices) };
  });
  const meta = hit.meta as VoiceMeta;
  return { ...voiceTrack(script, meta, hit.path, key), report, voice };
}

/**
 * Voice: one synthesis per voice chunk (in a worker) so every chunk's timing is exact. An
 * online voice that fails (Edge changed, the network is down) falls back to `fallbackVoice`
 * with a warning for the manifest, instead of failing the video.
 */
export async function voiceStage(ctx: StageCacheContext, script: readonly CaptionChunk[], voice: string, rate: number, deps: VoiceDeps): Promise<VoiceOutput> {
  try {
    return await speak(ctx, script, voice, rate, deps);
  } catch (err) {
    const fallback = deps.fallbackVoice;
    const online = parseVoiceId(voice).engine === 'edge';
    if (!online || !fallback || fallback === voice || deps.signal.aborted || !(err instanceof UserError) || err.kind !== 'provider') throw err;
    const out = await speak(ctx, script, fallback, rate, deps);
    return { ...out, warning: `${voice} failed (${err.message}); spoken with ${fallback} instead.` };
  }
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
