/**
 * The controller's part of one video, before it goes to the farm: take the inputs in (hash them,
 * make them servable by digest), write the script, the background ideas and the virality score,
 * synthesise an online voice, place a voice-over with the transcription server, and plan the
 * shots from the footage library and the stock sites — everything that needs a key or this
 * machine's library stays here. Each result lands in the controller's cache, which is the farm's,
 * so the worker finds them as hits. The stage functions are the pipeline's own; only the order is
 * the farm's.
 *
 * The shot plan is timed to the narration, so a video whose plan is made here is voiced here too
 * (a system voice is then a hit for a worker with the same engine; one with another engine scales
 * the plan to its own voice). A video that can only show built-in looks leaves voice and plan to
 * the worker, as before.
 *
 * Returns the job's payload (digests and identities, no path, no key) and a release for the
 * pins that keep those entries from being evicted before the worker has read them.
 */
import { jobVoiceRate } from '../voice/rate.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { chunkScript } from '../media/captions/chunk.js';
import { DEFAULT_TAIL_SEC as TAIL_SEC, totalDurationSec } from '../media/compile/compile-graph.js';
import { resolvePreset } from '../media/presets.js';
import { listMusic } from '../music/library.js';
import { pickTrack } from '../music/pick.js';
import { planRequestOf, scriptPaceFor, type RenderDeps } from '../pipeline/render.js';
import { RenderProgress } from '../pipeline/progress.js';
import { releasePins, type StageCacheContext } from '../pipeline/stage-cache.js';
import { ideasStage, viralityStage } from '../pipeline/stages/insights.js';
import { recordingStage } from '../pipeline/stages/recording.js';
import { scriptStage } from '../pipeline/stages/script.js';
import { shotsStage } from '../pipeline/stages/shots.js';
import { voiceStage, type VoiceTrack } from '../pipeline/stages/voice.js';
import type { RenderEvent, RenderRequest } from '../pipeline/types.js';
import type { ShotPlan } from '../shots/types.js';
import { DEFAULT_VISUALS, usesShots } from '../shots/visual-sources.js';
import { sharedRelatedWords } from '../words/related-words.js';
import type { DigestRef } from './blob-protocol.js';
import { toFarmShots } from './farm-shots.js';
import type { RenderPayload } from './render-payload.js';
import type { SourceRegistry } from './source-registry.js';

/** Voices a worker speaks itself; any other engine is online and runs here, next to the keys. */
export function isWorkerVoice(voice: string): boolean {
  return voice.startsWith('system:');
}

/**
 * Whether this controller plans the video's shots: an edited plan, or footage or stock it could
 * show. With neither, every shot is the built-in look and the worker plans that itself.
 */
export function plansShotsHere(req: RenderRequest, deps: Pick<RenderDeps, 'footage' | 'stock'>): boolean {
  if (!usesShots(req)) return false;
  if (req.shots) return true;
  const order = req.visuals ?? DEFAULT_VISUALS;
  const library = order.includes('library') && deps.footage !== undefined && deps.footage !== null && (deps.footage.hasFootage?.() ?? true);
  const stock = order.includes('stock') && (deps.stock?.providers.length ?? 0) > 0;
  return library || stock;
}

export interface PreparedRender {
  payload: RenderPayload;
  /** The plan as made here (this machine's paths, thumbnails): what the creator's manifest shows. Null when the worker plans. */
  shots: ShotPlan | null;
  /** What planning here had to say (a clip moved since indexing, a stock site down, a failed transcription): for the manifest. */
  warnings: string[];
  /** Unpins what the worker will read; call when the farm job has settled. */
  release(): void;
}

export async function prepareFarmRender(
  req: RenderRequest,
  engineDeps: RenderDeps,
  sources: SourceRegistry,
  opts: { signal: AbortSignal; onEvent?: (e: RenderEvent) => void },
): Promise<PreparedRender> {
  const { signal } = opts;
  // The job's own voice speed travels to the worker as the payload's voiceRate.
  const deps: RenderDeps = { ...engineDeps, voiceRate: jobVoiceRate(req, engineDeps.voiceRate) };
  const progress = new RenderProgress(opts.onEvent ?? (() => {}));
  const ctx: StageCacheContext = { cache: deps.cache, noCache: req.noCache, pinned: new Set() };
  const warnings: string[] = [];
  try {
    const musicFolder = req.music !== undefined && (await stat(req.music)).isDirectory();
    const background = req.background.startsWith('builtin:')
      ? { kind: 'builtin' as const, name: req.background.slice('builtin:'.length) }
      : { kind: 'blob' as const, ...pick(await sources.add(req.background, 'background clip', signal)) };
    let music = req.music !== undefined && !musicFolder ? pick(await sources.add(req.music, 'music', signal)) : null;
    const logo = req.look?.logo ? { ...pick(await sources.add(req.look.logo.path, 'logo', signal)), corner: req.look.logo.corner, sizePercent: req.look.logo.sizePercent, opacity: req.look.logo.opacity } : null;
    const voiceover = req.voiceover ? { ...pick(await sources.add(req.voiceover.path, 'voice-over', signal)), trimSilence: req.voiceover.trimSilence } : null;
    const planHere = plansShotsHere(req, deps);

    progress.update('script', 'running', 0);
    // Sized here, at the pace the worker is told to use: the worker finds the script as a hit.
    const { pace } = await scriptPaceFor(ctx, req, deps, deps.workRoot, signal);
    // A voice-over is placed here when it needs the transcription server (its key stays here) or the plan needs its timing.
    const recording = req.voiceover && voiceover && (deps.transcribe || planHere) ? await recordingStage(ctx, {
      path: req.voiceover.path, identity: `sha256:${voiceover.sha256}`, trimSilence: req.voiceover.trimSilence, language: req.language, ffmpeg: deps.ffmpeg,
      ...(req.scriptText !== undefined ? { scriptText: req.scriptText } : {}), ...(deps.transcribe ? { transcribe: deps.transcribe } : {}),
    }, signal) : null;
    if (recording?.warning) warnings.push(recording.warning);
    const scriptReq: RenderRequest = recording ? { ...req, scriptText: recording.text } : req;
    const script = await deps.aiLimiter.run(() => scriptStage(ctx, scriptReq, deps.ai, signal, pace), signal);
    progress.update('script', script.report.status, 1);

    // Optional, as in a local render: a failure here is the worker's warning, not a failed video.
    const insight = (p: Promise<{ report: { status: Parameters<RenderProgress['update']>[1] } }>, stage: 'ideas' | 'virality'): Promise<void> =>
      p.then((r) => progress.update(stage, r.report.status, 1), () => progress.update(stage, 'failed', 1));
    const ideasP = deps.aiLimiter.run(() => ideasStage(ctx, script.key, script.value, req.genre, deps.ai, signal), signal);
    const ideas = insight(ideasP, 'ideas');
    const virality = insight(deps.aiLimiter.run(() => viralityStage(ctx, script.key, script.value, deps.ai, signal), signal), 'virality');

    let track: VoiceTrack | null = recording;
    if (!req.voiceover && (!isWorkerVoice(req.voice) || planHere)) {
      progress.update('voice', 'running', 0);
      const voice = await voiceStage(ctx, chunkScript([script.value.hook, ...script.value.lines]), req.voice, deps.voiceRate, {
        pool: deps.pool, ttsLimiter: deps.ttsLimiter, signal, onFraction: (f) => progress.update('voice', 'running', f), engines: deps.voiceEngines,
        ...(deps.prices ? { prices: deps.prices } : {}),
      });
      progress.update('voice', voice.report.status, 1);
      track = voice;
    }

    // The shots, as a local render plans them: this machine's library, its stock keys (downloads happen here).
    let planned: { plan: ShotPlan; refs: Map<string, DigestRef> } | null = null;
    if (planHere && track) {
      progress.update('shots', 'running', 0);
      const order = req.visuals ?? DEFAULT_VISUALS;
      const preset = resolvePreset(req.preset, req.size, req.quality);
      const terms = order.includes('stock') && deps.stock && !req.shots ? await ideasP.then((i) => i.value.searchTerms, () => []) : [];
      const library = order.includes('library') && deps.footage ? await deps.footage.shotsSource() : null;
      const out = await shotsStage(ctx, {
        chunks: track.chunks, totalSec: totalDurationSec(track.durationMs / 1000, TAIL_SEC), order, transition: req.transition ?? 'cut', seed: req.seed,
        builtin: req.background.startsWith('builtin:') ? req.background.slice('builtin:'.length) : 'aurora',
        fps: preset.fps, size: { width: preset.width, height: preset.height }, fallbackTerms: terms,
        ...(req.shots ? { plan: req.shots.plan, planFile: req.shots.file } : {}),
      }, { library, stock: deps.stock ?? null, related: await sharedRelatedWords(), signal, onFraction: (f) => progress.update('shots', 'running', f) });
      warnings.push(...out.warnings);
      // Every file the plan shows, by content: a library file by the digest its index holds, a
      // stock download by the digest its cache entry holds (pinned here until the job settles).
      const refs = new Map<string, DigestRef>();
      for (const s of out.plan.shots) {
        if (s.path === null || refs.has(s.path)) continue;
        const identity = out.sources.get(s.path);
        const stored = identity && !identity.startsWith('sha256:') ? deps.cache.peekFile(identity) : null;
        if (stored?.sha256) {
          refs.set(s.path, { sha256: stored.sha256, size: stored.size, ext: path.extname(stored.path).toLowerCase() });
          continue;
        }
        const known = library?.identityOf(s.path) ?? undefined;
        refs.set(s.path, pick(await sources.add(s.path, s.kind === 'still' ? 'picture' : 'clip', signal, known)));
      }
      planned = { plan: out.plan, refs };
      progress.update('shots', 'done', 1);
    }

    await Promise.all([ideas, virality]);
    // A music folder: the track is picked here, from the ideas' mood as in a local render, and sent by digest.
    if (musicFolder && req.music !== undefined) {
      const found = await ideasP.then((r) => r.value, () => null);
      const pickedTrack = pickTrack(await listMusic(req.music), { seed: req.seed, mood: found ? [found.mood, ...found.searchTerms] : [], salt: req.topic ?? script.value.title });
      if (pickedTrack) music = pick(await sources.add(pickedTrack.path, 'music', signal));
    }
    const engines = deps.voiceEngines;

    const id = deps.ai.identity;
    const payload: RenderPayload = {
      request: {
        topic: req.topic ?? null, scriptText: req.scriptText ?? null, genre: req.genre, durationSec: req.durationSec,
        language: req.language, voice: req.voice, preset: req.preset, background, music, seed: req.seed,
        captionStyle: req.captionStyle, look: req.look ? { ...req.look, logo } : null, provider: req.provider, size: req.size ?? null, quality: req.quality, noCache: req.noCache,
        voiceover, ...(req.transition ? { transition: req.transition } : {}), ...(req.durationGiven ? { durationGiven: true } : {}),
      },
      shots: planned ? toFarmShots(planned.plan, planned.refs) : null,
      transcribe: deps.transcribe ? { model: deps.transcribe.model, baseURL: deps.transcribe.baseURL ?? null } : null,
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
    return {
      payload,
      shots: planned ? { ...planned.plan, request: planRequestOf(req) } : null,
      warnings,
      release: () => releasePins(ctx),
    };
  } catch (err) {
    releasePins(ctx);
    throw err;
  }
}

function pick(d: { sha256: string; size: number; ext: string }): DigestRef {
  return { sha256: d.sha256, size: d.size, ext: d.ext };
}
