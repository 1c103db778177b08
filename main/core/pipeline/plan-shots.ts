/**
 * The shot plan for a job without rendering it (the strip in Create): script → voice → shots,
 * through the same cached stages a render uses, so rendering the plan afterwards reuses the
 * script and the voice and only compiles.
 */
import { jobVoiceRate } from '../voice/rate.js';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { cancelledError } from '../errors.js';
import { chunkScript } from '../media/captions/chunk.js';
import { totalDurationSec } from '../media/compile/compile-graph.js';
import { resolvePreset } from '../media/presets.js';
import type { Candidate, ShotPlan } from '../shots/types.js';
import { DEFAULT_VISUALS } from '../shots/visual-sources.js';
import { sharedRelatedWords } from '../words/related-words.js';
import { scriptPaceFor, type RenderDeps } from './render.js';
import { releasePins, type StageCacheContext } from './stage-cache.js';
import { scriptStage } from './stages/script.js';
import { shotsStage } from './stages/shots.js';
import { voiceStage } from './stages/voice.js';
import type { RenderRequest } from './types.js';

export interface PlannedShots {
  title: string;
  plan: ShotPlan;
  candidates: Candidate[][];
  warnings: string[];
}

export async function planShots(req: RenderRequest, engineDeps: RenderDeps, opts: { signal?: AbortSignal; onFraction?: (f: number) => void } = {}): Promise<PlannedShots> {
  const signal = opts.signal ?? new AbortController().signal;
  const deps: RenderDeps = { ...engineDeps, voiceRate: jobVoiceRate(req, engineDeps.voiceRate) };
  const ctx: StageCacheContext = { cache: deps.cache, noCache: false, pinned: new Set() };
  const progress = opts.onFraction ?? (() => {});
  try {
    await mkdir(deps.workRoot, { recursive: true });
    const preset = resolvePreset(req.preset, req.size, req.quality);
    // Sized at the voice's pace, as a render sizes it, so the render that follows reuses this script and voice.
    const scratch = await mkdtemp(path.join(deps.workRoot, 'plan-'));
    const { pace } = await scriptPaceFor(ctx, req, deps, scratch, signal).finally(() => rm(scratch, { recursive: true, force: true }));
    const script = await deps.aiLimiter.run(() => scriptStage(ctx, req, deps.ai, signal, pace), signal);
    progress(0.2);
    const voice = await voiceStage(ctx, chunkScript([script.value.hook, ...script.value.lines]), req.voice, deps.voiceRate, {
      pool: deps.pool, ttsLimiter: deps.ttsLimiter, signal, onFraction: (f) => progress(0.2 + 0.4 * f), engines: deps.voiceEngines,
      ...(deps.fallbackVoice ? { fallbackVoice: deps.fallbackVoice } : {}), ...(deps.prices ? { prices: deps.prices } : {}),
    });
    const order = req.visuals ?? DEFAULT_VISUALS;
    const planned = await shotsStage(ctx, {
      chunks: voice.chunks, totalSec: totalDurationSec(voice.durationMs / 1000), order, transition: req.transition ?? 'cut', seed: req.seed,
      builtin: req.background.startsWith('builtin:') ? req.background.slice('builtin:'.length) : 'aurora',
      fps: preset.fps, size: { width: preset.width, height: preset.height }, fallbackTerms: [],
    }, {
      library: order.includes('library') && deps.footage ? await deps.footage.shotsSource() : null,
      stock: deps.stock ?? null, related: await sharedRelatedWords(), signal, onFraction: (f) => progress(0.6 + 0.4 * f),
    });
    return { title: script.value.title, plan: planned.plan, candidates: planned.candidates ?? [], warnings: planned.warnings };
  } catch (err) {
    if (signal.aborted) throw cancelledError('Planning the shots');
    throw err;
  } finally {
    releasePins(ctx);
  }
}
