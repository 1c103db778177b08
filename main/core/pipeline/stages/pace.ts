/**
 * A voice's pace, measured once: the first time a voice is used, a short calibration passage
 * is spoken (in the worker, like any voice) and its pace remembered, so the very first script
 * for that voice is already sized right and every later one gets the same pace (and the same
 * cache key). If the voice cannot speak right now, the engine's default pace is used for this
 * render and nothing is remembered.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { chunkScript } from '../../media/captions/chunk.js';
import { measurePace, type VoicePace } from '../../voice/pace.js';
import type { TtsResult } from '../../voice/types.js';
import { readPace, rememberPace } from '../pace-memo.js';
import type { StageCacheContext } from '../stage-cache.js';
import { CHUNK_GAP_MS, costOf, engineOptions, voiceIdentity, type VoiceDeps } from './voice.js';

/** About fifteen seconds of ordinary narration: questions, a number, commas, short and long words. */
export const CALIBRATION = [
  'Have you ever wondered why some videos keep you watching?',
  'It usually comes down to three things: a clear question, a quick answer, and a reason to care.',
  'Most people decide in the first two seconds, so every word has to earn its place.',
];

export async function voicePace(ctx: StageCacheContext, voice: string, rate: number, deps: Omit<VoiceDeps, 'onFraction'>, scratchDir: string): Promise<{ pace: VoicePace; costUsd: number }> {
  const identity = voiceIdentity(voice, rate, deps.engines);
  const known = readPace(ctx.cache, identity);
  if (known.source === 'measured') return { pace: known, costUsd: 0 };
  const chunks = chunkScript(CALIBRATION).map((c) => c.text);
  const outPath = path.join(scratchDir, `pace-${randomUUID()}.wav`);
  try {
    const r = (await deps.ttsLimiter.run(
      () => deps.pool.run({ kind: 'tts', tts: { voice, rate, chunks, outPath, gapMs: CHUNK_GAP_MS, ...engineOptions(voice, deps.engines) } }, { signal: deps.signal, label: 'voice pace' }),
      deps.signal,
    )) as TtsResult;
    const pace = measurePace(chunks, r.chunks.reduce((a, s) => a + (s.endMs - s.startMs), 0), r.durationMs);
    if (!pace) return { pace: known, costUsd: 0 };
    rememberPace(ctx.cache, identity, pace);
    return { pace, costUsd: costOf(voice, deps.engines, r.characters, deps.prices) };
  } catch (err) {
    if (deps.signal.aborted) throw err;
    // The voice stage will meet the same problem and report it (or fall back); sizing goes on.
    return { pace: known, costUsd: 0 };
  } finally {
    await rm(outPath, { force: true });
  }
}
