/**
 * The controller's part of one video, before it goes to the farm: take the inputs in (hash them,
 * make them servable by digest), write the script, the background ideas and the virality score,
 * and synthesise an online voice — everything that needs a key stays on this machine. Each result
 * lands in the controller's cache, which is the farm's, so the worker finds them as hits. The
 * stage functions are the pipeline's own; only the order is the farm's.
 *
 * Returns the job's payload (digests and identities, no path, no key) and a release for the
 * pins that keep those entries from being evicted before the worker has read them.
 */
import { stat } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { chunkScript } from '../media/captions/chunk.js';
import { listMusic } from '../music/library.js';
import { pickTrack } from '../music/pick.js';
import { scriptPaceFor, type RenderDeps } from '../pipeline/render.js';
import { RenderProgress } from '../pipeline/progress.js';
import { releasePins, type StageCacheContext } from '../pipeline/stage-cache.js';
import { ideasStage, viralityStage } from '../pipeline/stages/insights.js';
import { scriptStage } from '../pipeline/stages/script.js';
import { voiceStage } from '../pipeline/stages/voice.js';
import type { RenderEvent, RenderRequest } from '../pipeline/types.js';
import type { RenderPayload } from './render-payload.js';
import type { SourceRegistry } from './source-registry.js';

/** Voices a worker speaks itself; any other engine is online and runs here, next to the keys. */
export function isWorkerVoice(voice: string): boolean {
  return voice.startsWith('system:');
}

export interface PreparedRender {
  payload: RenderPayload;
  /** Unpins what the worker will read; call when the farm job has settled. */
  release(): void;
}

export async function prepareFarmRender(
  req: RenderRequest,
  deps: RenderDeps,
  sources: SourceRegistry,
  opts: { signal: AbortSignal; onEvent?: (e: RenderEvent) => void },
): Promise<PreparedRender> {
  const { signal } = opts;
  const progress = new RenderProgress(opts.onEvent ?? (() => {}));
  const ctx: StageCacheContext = { cache: deps.cache, noCache: req.noCache, pinned: new Set() };
  try {
    if (req.voiceover) throw new UserError('usage', `A voice-over (${req.voiceover.path}) is rendered on this machine, not on the farm: turn the farm off for this video.`, 'voiceover');
    const musicFolder = req.music !== undefined && (await stat(req.music)).isDirectory();
    const background = req.background.startsWith('builtin:')
      ? { kind: 'builtin' as const, name: req.background.slice('builtin:'.length) }
      : { kind: 'blob' as const, ...pick(await sources.add(req.background, 'background clip', signal)) };
    let music = req.music !== undefined && !musicFolder ? pick(await sources.add(req.music, 'music', signal)) : null;
    const logo = req.look?.logo ? { ...pick(await sources.add(req.look.logo.path, 'logo', signal)), corner: req.look.logo.corner, sizePercent: req.look.logo.sizePercent, opacity: req.look.logo.opacity } : null;

    progress.update('script', 'running', 0);
    // Sized here, at the pace the worker is told to use: the worker finds the script as a hit.
    const { pace } = await scriptPaceFor(ctx, req, deps, deps.workRoot, signal);
    const script = await deps.aiLimiter.run(() => scriptStage(ctx, req, deps.ai, signal, pace), signal);
    progress.update('script', script.report.status, 1);

    // Optional, as in a local render: a failure here is the worker's warning, not a failed video.
    const insight = (p: Promise<{ report: { status: Parameters<RenderProgress['update']>[1] } }>, stage: 'ideas' | 'virality'): Promise<void> =>
      p.then((r) => progress.update(stage, r.report.status, 1), () => progress.update(stage, 'failed', 1));
    const ideasP = deps.aiLimiter.run(() => ideasStage(ctx, script.key, script.value, req.genre, deps.ai, signal), signal);
    const ideas = insight(ideasP, 'ideas');
    const virality = insight(deps.aiLimiter.run(() => viralityStage(ctx, script.key, script.value, deps.ai, signal), signal), 'virality');

    if (!isWorkerVoice(req.voice)) {
      progress.update('voice', 'running', 0);
      const voice = await voiceStage(ctx, chunkScript([script.value.hook, ...script.value.lines]), req.voice, deps.voiceRate, {
        pool: deps.pool, ttsLimiter: deps.ttsLimiter, signal, onFraction: (f) => progress.update('voice', 'running', f), engines: deps.voiceEngines,
        ...(deps.prices ? { prices: deps.prices } : {}),
      });
      progress.update('voice', voice.report.status, 1);
    }
    await Promise.all([ideas, virality]);
    // A music folder: the track is picked here, from the ideas' mood as in a local render, and sent by digest.
    if (musicFolder && req.music !== undefined) {
      const found = await ideasP.then((r) => r.value, () => null);
      const track = pickTrack(await listMusic(req.music), { seed: req.seed, mood: found ? [found.mood, ...found.searchTerms] : [], salt: req.topic ?? script.value.title });
      if (track) music = pick(await sources.add(track.path, 'music', signal));
    }
    const engines = deps.voiceEngines;

    const id = deps.ai.identity;
    const payload: RenderPayload = {
      request: {
        topic: req.topic ?? null, scriptText: req.scriptText ?? null, genre: req.genre, durationSec: req.durationSec,
        language: req.language, voice: req.voice, preset: req.preset, background, music, seed: req.seed,
        captionStyle: req.captionStyle, look: req.look ? { ...req.look, logo } : null, provider: req.provider, size: req.size ?? null, quality: req.quality, noCache: req.noCache,
      },
      ai: { id: id.id, model: id.model, promptDigest: { ...id.promptDigest }, baseURL: id.baseURL ?? null },
      speech: req.voice.startsWith('openai:') && engines.openai ? { model: engines.openai.model, baseURL: engines.openai.baseURL ?? null } : null,
      voiceRate: deps.voiceRate,
      pace: { msPerUnit: pace.msPerUnit, wordsPerSecond: pace.wordsPerSecond },
      voiceEngines: {
        elevenlabs: engines.elevenlabs ? { model: engines.elevenlabs.model, baseURL: engines.elevenlabs.baseURL ?? null } : null,
        local: engines.local ? { model: engines.local.model, baseURL: engines.local.baseURL } : null,
        edge: engines.edge?.baseURL ? { baseURL: engines.edge.baseURL } : null,
      },
      musicVolume: req.musicVolume ?? null,
    };
    return { payload, release: () => releasePins(ctx) };
  } catch (err) {
    releasePins(ctx);
    throw err;
  }
}

function pick(d: { sha256: string; size: number; ext: string }): { sha256: string; size: number; ext: string } {
  return { sha256: d.sha256, size: d.size, ext: d.ext };
}
