import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildSpeechActivitySpec, parseSilences, speechFromSilences } from '../../media/captions/speech-activity.js';
import { checkCaptionSync, type SyncReport } from '../../media/captions/sync-check.js';
import type { WorkerPool } from '../../pool/worker-pool.js';
import type { TimedSpan } from '../../voice/types.js';
import { cachedJson, stageKey, type StageCacheContext } from '../stage-cache.js';
import type { VoiceTrack } from './voice.js';

const VERSION = 1;

/**
 * Where the voice WAV is silent, measured once per voice (cached beside the captions: a
 * restyle reuses it). Runs silencedetect on the worker pool.
 */
async function silences(ctx: StageCacheContext, voice: Pick<VoiceTrack, 'key' | 'wavPath' | 'durationMs'>, pool: WorkerPool, workDir: string, signal: AbortSignal): Promise<TimedSpan[]> {
  const key = stageKey('captions', VERSION, { analysis: 'speech-activity', voice: voice.key });
  const { value } = await cachedJson(ctx, 'captions', 'captions', key, async () => {
    const events = path.join(workDir, 'silences.txt');
    try {
      await pool.run({ kind: 'ffmpeg', spec: buildSpeechActivitySpec(voice.wavPath, events, path.join(workDir, 'null.out')) }, { signal, label: 'sync check' });
      return { value: parseSilences(await readFile(events, 'utf8').catch(() => ''), voice.durationMs) };
    } finally {
      await rm(events, { force: true });
    }
  });
  return value;
}

/**
 * The sync check before the compile: the voice's word times against its own chunks and against
 * the speech measured on the audio. Drift beyond one frame comes back as a report (the manifest
 * and the job's view carry it); the render goes on.
 */
export async function captionSyncStage(
  ctx: StageCacheContext,
  voice: Pick<VoiceTrack, 'key' | 'wavPath' | 'durationMs' | 'words' | 'chunks'>,
  fps: number,
  deps: { pool: WorkerPool; workDir: string; signal: AbortSignal },
): Promise<SyncReport> {
  const quiet = await silences(ctx, voice, deps.pool, deps.workDir, deps.signal);
  return checkCaptionSync(voice.words, voice.chunks, voice.durationMs, fps, speechFromSilences(quiet, voice.durationMs));
}
