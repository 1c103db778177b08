/**
 * The pipeline of one video (DESIGN §3): script → {ideas, virality, voice}, voice → captions,
 * background ∥ voice, compile waits for background, voice and captions. Every stage is
 * content-addressed and cached; a whole-video key makes a repeated request a single lookup.
 * Ideas and virality are optional: their failure is a warning in the manifest, never a
 * failed video.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Price } from '../ai/pricing.js';
import type { Limiter } from '../ai/resilience.js';
import type { AiProvider } from '../ai/types.js';
import type { CacheStore } from '../cache/store.js';
import { cancelledError, UserError } from '../errors.js';
import { chunkScript } from '../media/captions/chunk.js';
import { resolvePreset } from '../media/presets.js';
import { withDetail, type PerfRecorder } from '../perf/monitor.js';
import type { WorkerPool } from '../pool/worker-pool.js';
import type { FootageSource } from '../footage/library.js';
import type { StockLibrary } from '../stock/stock-library.js';
import { sharedRelatedWords } from '../words/related-words.js';
import { DEFAULT_VISUALS, usesShots } from '../shots/visual-sources.js';
import type { PlanRequest } from '../shots/types.js';
import { shotsStage, type ShotsOutput } from './stages/shots.js';
import { listMusic } from '../music/library.js';
import { pickTrack } from '../music/pick.js';
import type { VoiceEngines } from '../voice/voices.js';
import { assertWritableDir, writeOutputs } from './outputs.js';
import { buildManifest } from './manifest.js';
import { RenderProgress } from './progress.js';
import { releasePins, type Cached, type StageCacheContext, type StageRemote } from './stage-cache.js';
import { backgroundShots, backgroundStage, fileIdentity } from './stages/background.js';
import { captionSyncStage } from './stages/caption-sync.js';
import { captionsStage } from './stages/captions.js';
import { plainLook } from '../looks/look.js';
import { syncWarning } from '../media/captions/sync-check.js';
import { compileStage } from './stages/compile.js';
import { DEFAULT_TAIL_SEC as TAIL_SEC, totalDurationSec } from '../media/compile/compile-graph.js';
import { ideasStage, viralityStage } from './stages/insights.js';
import { reviseScriptStage, scriptStage, type ScriptPace } from './stages/script.js';
import { soundStage } from './stages/sound.js';
import { CHUNK_GAP_MS, voiceIdentity, voiceStage, type VoiceTrack } from './stages/voice.js';
import { recordingStage } from './stages/recording.js';
import type { TranscribeOptions } from '../voice/engines-config.js';
import { readPace } from './pace-memo.js';
import { voicePace } from './stages/pace.js';
import { measurePace, sizingPace } from '../voice/pace.js';
import { jobVoiceRate } from '../voice/rate.js';
import { parseVoiceId } from '../voice/voices.js';
import type { RenderOptions, RenderRequest, RenderResult, StageName, StageReport } from './types.js';
import { slugify } from '../text/slug.js';
import { encoderIdentity } from '../media/encoder-identity.js';
import type { ToolMemo } from '../binaries/tool-memo.js';
import { serveCachedVideo, videoKey, type VideoEntry } from './video-hit.js';

export interface RenderDeps {
  cache: CacheStore;
  pool: WorkerPool;
  ai: AiProvider;
  aiLimiter: Limiter;
  ttsLimiter: Limiter;
  /** The voice engines this run can use (keys and servers configured). */
  voiceEngines: VoiceEngines;
  /** Spoken instead of an online voice that fails (Edge), with a warning in the manifest. */
  fallbackVoice?: string;
  /** Transcription for a creator's voice-over (word timestamps); without it the script is aligned offline. */
  transcribe?: TranscribeOptions;
  ffmpeg: { ffmpeg: string; ffprobe: string; version: string };
  fontsDir: string;
  fontsDigest: string;
  perf: PerfRecorder;
  /** Folder for per-render scratch files (inside the cache's folder, same filesystem). */
  workRoot: string;
  /** Speech rate for system voices (1 = engine default). */
  voiceRate: number;
  /** The price table speech cost is computed with (the built-in one when absent). */
  prices?: Readonly<Record<string, Price>>;
  /** Shots (#11): the creator's footage library and the stock sites with a key (absent: none). */
  footage?: FootageSource | null;
  stock?: StockLibrary | null;
  /** On a farm worker: the farm's cache behind this machine's (pull on a miss, deliver results). */
  remote?: StageRemote;
  /** Remembers what tools say about themselves (the x264 build, espeak-ng's version) across processes. */
  toolMemo?: ToolMemo;
}

/** The video's length may miss the target by this much before the script is revised (or a warning given). */
export const LENGTH_TOLERANCE = 0.15;

function timed<T>(deps: RenderDeps, stage: StageName, fn: () => Promise<T>): Promise<T> {
  const end = deps.perf.start(`stage:${stage}`);
  return fn().finally(() => {
    const ms = end();
    deps.perf.record(stage, ms);
  });
}

/** An optional stage's outcome: its value, or why it failed (never a rejected promise left unobserved). */
type Settled<T> = { ok: true; value: Cached<T> } | { ok: false; error: unknown; ms: number };

/**
 * Starts an optional stage and observes it at once: its failure is data for the manifest, and
 * if the render fails first, nobody is left holding a promise that rejects later.
 */
function optional<T>(run: () => Promise<Cached<T>>): Promise<Settled<T>> {
  const started = performance.now();
  return run().then(
    (value): Settled<T> => ({ ok: true, value }),
    (error: unknown): Settled<T> => ({ ok: false, error, ms: performance.now() - started }),
  );
}

const INSIGHT_LABEL: Record<'ideas' | 'virality', string> = { ideas: 'Background ideas', virality: 'The virality score' };

/**
 * The pace a topic's script is sized at: the request's own (a farm worker gets the controller's),
 * or the voice's remembered pace, calibrated once the first time the voice is used. A voice-over
 * and a creator's script are not sized, so they never calibrate.
 */
export async function scriptPaceFor(ctx: StageCacheContext, req: RenderRequest, deps: RenderDeps, scratchDir: string, signal: AbortSignal): Promise<{ pace: ScriptPace; costUsd: number }> {
  const shape = (p: { msPerUnit: number; wordsPerSecond: number }): ScriptPace => ({ msPerUnit: p.msPerUnit, wordsPerSecond: p.wordsPerSecond, gapMs: CHUNK_GAP_MS, tailMs: TAIL_SEC * 1000 });
  if (req.pace) return { pace: shape(req.pace), costUsd: 0 };
  const calibrated = req.voiceover || req.scriptText !== undefined
    ? { pace: readPace(deps.cache, voiceIdentity(req.voice, deps.voiceRate, deps.voiceEngines)), costUsd: 0 }
    : await voicePace(ctx, req.voice, deps.voiceRate, {
      pool: deps.pool, ttsLimiter: deps.ttsLimiter, engines: deps.voiceEngines, signal, ...(deps.prices ? { prices: deps.prices } : {}),
    }, scratchDir);
  return { pace: shape(sizingPace(calibrated.pace, parseVoiceId(req.voice).engine, deps.voiceRate)), costUsd: calibrated.costUsd };
}

/** `knownKey`: the whole-video key when the caller already looked it up and missed (video-hit.ts cachedVideo). */
export async function renderVideo(req: RenderRequest, outDir: string, renderDeps: RenderDeps, opts: RenderOptions = {}, knownKey?: string): Promise<RenderResult> {
  const deps: RenderDeps = { ...renderDeps, voiceRate: jobVoiceRate(req, renderDeps.voiceRate), perf: withDetail(renderDeps.perf, req.topic ?? req.scriptTitle ?? req.scriptText?.slice(0, 60) ?? 'video') };
  const started = performance.now();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (opts.signal?.aborted) throw cancelledError('The render');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const emit = opts.onEvent ?? (() => {});
  // A row whose voice or encode waits behind other videos' says "waiting", not a frozen bar.
  const stopWatchingWaits = deps.pool.watchWaiting(signal, (waiting) => emit({ type: 'waiting', waiting }));
  const progress = new RenderProgress(emit);
  const ctx: StageCacheContext = { cache: deps.cache, noCache: req.noCache, pinned: new Set(), ...(deps.remote ? { remote: deps.remote } : {}) };
  const workDir = path.join(deps.workRoot, `render-${randomUUID()}`);
  const reports: StageReport[] = [];
  const warnings: string[] = [];
  /** Set when a warning comes from something that may work next time (an insight, an online voice). */
  let transient = false;
  let backgroundError: unknown = null;
  const report = (r: StageReport): void => {
    reports.push(r);
    progress.update(r.stage, r.status, 1);
  };

  try {
    await assertWritableDir(outDir);
    const preset = resolvePreset(req.preset, req.size, req.quality);

    // The whole video, in one lookup (the engine has usually asked already and passes the key).
    const vKey = knownKey ?? await videoKey(req, deps);
    if (!req.noCache && knownKey === undefined) {
      const served = await serveCachedVideo(vKey, outDir, deps.cache, progress, started);
      if (served) return served;
    }

    await mkdir(workDir, { recursive: true });
    const onStage = (stage: StageName) => (f: number): void => progress.update(stage, 'running', f);

    // background ∥ (script → voice → captions); ideas and virality ride along after the script.
    progress.update('background', 'running', 0);
    const backgroundP = timed(deps, 'background', () => backgroundStage(ctx, req.background, deps.ffmpeg.ffprobe));
    // A bad clip fails the job at once, not after the voice; its error is the one reported.
    backgroundP.catch((err: unknown) => {
      backgroundError = err;
      controller.abort();
    });
    progress.update('script', 'running', 0);
    // The script is sized at the voice's pace: measured from its first synthesis, remembered.
    const voiceoverIdentity = req.voiceover ? await fileIdentity(req.voiceover.path, deps.cache) : null;
    const { pace, costUsd: calibrationCostUsd } = await scriptPaceFor(ctx, req, deps, workDir, signal);
    // A creator's voice-over is the voice; its script is the one given, or its transcription.
    const recording = req.voiceover ? await timed(deps, 'voice', () => recordingStage(ctx, {
      path: req.voiceover?.path ?? '', identity: voiceoverIdentity ?? '', trimSilence: req.voiceover?.trimSilence ?? false, language: req.language, ffmpeg: deps.ffmpeg,
      ...(req.scriptText !== undefined ? { scriptText: req.scriptText } : {}), ...(deps.transcribe ? { transcribe: deps.transcribe } : {}),
    }, signal)) : null;
    const scriptReq: RenderRequest = recording ? { ...req, scriptText: recording.text } : req;
    let script = await timed(deps, 'script', () => deps.aiLimiter.run(() => scriptStage(ctx, scriptReq, deps.ai, signal, pace), signal));
    report(script.report);
    const firstScript = script;

    // Optional: a failure is recorded in the manifest, never a failed video.
    const ideasP = optional(() => timed(deps, 'ideas', () => deps.aiLimiter.run(() => ideasStage(ctx, firstScript.key, firstScript.value, req.genre, deps.ai, signal), signal)));
    const viralityP = optional(() => timed(deps, 'virality', () => deps.aiLimiter.run(() => viralityStage(ctx, firstScript.key, firstScript.value, deps.ai, signal), signal)));

    const speak = (lines: readonly string[]) => {
      const chunks = chunkScript([...lines]);
      progress.update('voice', 'running', 0);
      return timed(deps, 'voice', () => voiceStage(ctx, chunks, req.voice, deps.voiceRate, {
        pool: deps.pool, ttsLimiter: deps.ttsLimiter, signal, onFraction: onStage('voice'), engines: deps.voiceEngines,
        ...(deps.fallbackVoice ? { fallbackVoice: deps.fallbackVoice } : {}),
        ...(deps.prices ? { prices: deps.prices } : {}),
      }));
    };
    let voice: VoiceTrack & { report: StageReport; warning?: string } = recording ?? await speak([script.value.hook, ...script.value.lines]);
    let totalSec = totalDurationSec(voice.durationMs / 1000, TAIL_SEC);

    // The length asked for: a written script that missed by more than 15 % gets one revision
    // at the pace this voice just measured; a creator's own script gets a warning.
    const miss = (seconds: number): number => Math.abs(seconds - req.durationSec) / req.durationSec;
    // A voice-over sets the video's length itself.
    if (!recording && miss(totalSec) > LENGTH_TOLERANCE) {
      const spokenLines = [script.value.hook, ...script.value.lines];
      const measured = measurePace(voice.chunks.map((c) => c.text), voice.chunks.reduce((a, c) => a + c.endMs - c.startMs, 0), voice.durationMs);
      if (req.scriptText === undefined && measured) {
        const revisedPace: ScriptPace = { ...pace, msPerUnit: measured.msPerUnit, wordsPerSecond: measured.wordsPerSecond };
        // A revision that fails (the provider is down; a farm worker holds no key) leaves the first script, with a warning.
        const revised = await timed(deps, 'script', () => deps.aiLimiter.run(() => reviseScriptStage(ctx, req, deps.ai, script, totalSec, revisedPace, signal), signal))
          .catch((err: unknown) => {
            if (signal.aborted || !(err instanceof UserError) || err.kind !== 'provider') throw err;
            return script;
          });
        if (revised.value.hook !== script.value.hook || revised.value.lines.join('\n') !== script.value.lines.join('\n')) {
          reports.push({ ...revised.report, stage: 'script' });
          script = revised;
          voice = await speak([script.value.hook, ...script.value.lines]);
          totalSec = totalDurationSec(voice.durationMs / 1000, TAIL_SEC);
        }
        if (miss(totalSec) > LENGTH_TOLERANCE) warnings.push(`The video is ${totalSec.toFixed(1)} s, not the ${req.durationSec} s asked for, even after one revision of the script.`);
      } else if (req.scriptText !== undefined && req.durationGiven && totalSec > req.durationSec) {
        // A creator's script is voiced as written: one that cannot fit the length asked for says so (a short one is just short).
        const words = spokenLines.join(' ').split(/\s+/).filter(Boolean).length;
        const fits = Math.round(words * (req.durationSec - TAIL_SEC) / Math.max(1, totalSec - TAIL_SEC));
        warnings.push(`The script voices to ${totalSec.toFixed(1)} s, not the ${req.durationSec} s asked for: ${words} words here; about ${fits} fit ${req.durationSec} s with this voice.`);
      }
    }
    // A fallback (Edge down, transcription failed) is worth retrying next time: not stored whole.
    if (voice.warning) {
      warnings.push(voice.warning);
      transient = true;
    }
    // The calibration's cost (paid voices, once per voice) belongs to the voice.
    report(calibrationCostUsd > 0 ? { ...voice.report, costUsd: (voice.report.costUsd ?? 0) + calibrationCostUsd } : voice.report);

    // Sound needs only the voice and the music: measured while the captions are laid out and the shots planned.
    const soundP = (async () => {
      // Music: the file given, or a track from the folder matched to the ideas' mood.
      let music: { path: string; identity: string } | null = null;
      if (req.music !== undefined) {
        if ((await stat(req.music)).isDirectory()) {
          const ideas = await ideasP;
          const mood = ideas.ok ? [ideas.value.value.mood, ...ideas.value.value.searchTerms] : [];
          const track = pickTrack(await listMusic(req.music), { seed: req.seed, mood, salt: req.topic ?? script.value.title });
          if (track) music = { path: track.path, identity: await fileIdentity(track.path, deps.cache) };
        } else {
          music = { path: req.music, identity: await fileIdentity(req.music, deps.cache) };
        }
      }
      const endSound = deps.perf.start('stage:sound');
      const plan = await soundStage(ctx, {
        voice: { key: voice.key, wavPath: voice.wavPath }, music, musicVolume: req.musicVolume ?? 0.5, totalSec, ffmpeg: deps.ffmpeg,
      }, signal).finally(() => deps.perf.record('sound', endSound()));
      return { music, sound: plan };
    })();
    // Awaited after the captions; a failure there must not leave this rejection unobserved.
    soundP.catch(() => undefined);

    const look = req.look ?? plainLook(req.captionStyle);
    const captions = await timed(deps, 'captions', async () => {
      const t0 = performance.now();
      // The sync check, before the compile (beside the layout: it needs only the voice). Drift is reported; the render goes on.
      const syncP = captionSyncStage(ctx, voice, preset.fps, { pool: deps.pool, workDir, signal });
      const files = await captionsStage(ctx, {
        track: voice, look, hook: script.value.hook, keywords: script.value.keywords ?? null, emoji: script.value.emoji ?? null, preset: req.preset,
        size: { width: preset.width, height: preset.height }, videoMs: Math.round(totalSec * 1000), fontsDir: deps.fontsDir, fontsDigest: deps.fontsDigest,
      }).catch(async (err: unknown) => {
        await syncP.catch(() => undefined); // never leave the check's rejection unobserved
        throw err;
      });
      const sync = await syncP;
      return { ...files, sync, report: { ...files.report, ms: performance.now() - t0 } };
    });
    report(captions.report);
    // Deterministic notes on the look: kept apart from the insights' warnings, which make a retry worthwhile.
    const lookWarnings = [...captions.value.warnings, syncWarning(captions.sync)].filter((w): w is string => w !== null);

    const background = await backgroundP;
    report(background.report);
    // Shots (#11): a picture per stretch of narration, unless one clip fills the video.
    let planned: ShotsOutput | null = null;
    if (usesShots(req)) {
      progress.update('shots', 'running', 0);
      const builtin = background.value.kind === 'builtin' ? background.value.name : 'aurora';
      const order = req.visuals ?? DEFAULT_VISUALS;
      // The ideas' search terms help stock when a sentence's own words find nothing.
      const terms = order.includes('stock') && deps.stock && !req.shots ? await ideasP.then((i) => (i.ok ? i.value.value.searchTerms : [])) : [];
      planned = await timed(deps, 'shots', async () => shotsStage(ctx, {
        chunks: voice.chunks, totalSec, order, transition: req.transition ?? 'cut', seed: req.seed, builtin, fps: preset.fps,
        size: { width: preset.width, height: preset.height }, fallbackTerms: terms,
        ...(req.shots ? { plan: req.shots.plan, planFile: req.shots.file, ...(req.shots.fit ? { fit: req.shots.fit } : {}) } : {}),
      }, {
        library: order.includes('library') && deps.footage ? await deps.footage.shotsSource() : null,
        stock: deps.stock ?? null, related: await sharedRelatedWords(), signal, onFraction: onStage('shots'),
      }));
      report(planned.report);
      warnings.push(...planned.warnings);
      // A stock site's bad minute or a clip moved since indexing: worth planning again next time.
      if (planned.warnings.length > 0) transient = true;
    } else {
      report({ stage: 'shots', status: 'skipped', ms: 0 });
    }
    const visuals = planned
      ? { key: planned.key, shots: planned.shots, transition: planned.plan.transition, segment: { startSec: 0, looped: false } }
      : backgroundShots(background, totalSec, req.seed);

    const { music, sound } = await soundP;
    if (!sound.report.onTarget) warnings.push(`The sound could not be brought to −14 LUFS (${sound.report.integratedLufs.toFixed(1)} LUFS): the voice may be silent or nearly so.`);

    const logo = look.logo ? { ...look.logo, identity: await fileIdentity(look.logo.path, deps.cache) } : null;
    deps.cache.ensureFreeSpace(estimateBytes(preset.videoBitrateKbps ?? 6000, totalSec), 'the render');
    const encoder = await encoderIdentity(deps.ffmpeg.ffmpeg, deps.toolMemo);
    progress.update('compile', 'running', 0);
    const compiled = await timed(deps, 'compile', () => compileStage(ctx, {
      visuals: { key: visuals.key, shots: visuals.shots, ...('transition' in visuals ? { transition: visuals.transition } : {}) },
      captions: { key: captions.key, ass: captions.value.ass },
      logo,
      sound: { key: sound.key, mix: sound.mix }, totalSec, preset, ffmpegVersion: deps.ffmpeg.version, encoder, fontsDir: deps.fontsDir, fontsDigest: deps.fontsDigest, workDir,
    }, { pool: deps.pool, signal, onFraction: onStage('compile') }));
    report(compiled.report);

    const insights = { ideas: await ideasP, virality: await viralityP };
    for (const stage of ['ideas', 'virality'] as const) {
      const outcome = insights[stage];
      if (outcome.ok) {
        report(outcome.value.report);
      } else {
        const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        report({ stage, status: 'failed', ms: outcome.ms, error: reason });
        warnings.push(`${INSIGHT_LABEL[stage]} failed, the video is fine: ${reason}`);
        transient = true;
      }
    }

    const manifest = buildManifest({
      req, script: script.value,
      ideas: insights.ideas.ok ? insights.ideas.value.value : null,
      virality: insights.virality.ok ? insights.virality.value.value : null,
      warnings: [...warnings, ...lookWarnings], reports, preset,
      sound: {
        integratedLufs: sound.report.integratedLufs, truePeakDb: sound.report.truePeakDb, voiceLufs: sound.report.voiceLufs, musicLufs: sound.report.musicLufs,
        voiceGainDb: sound.mix.voiceGainDb, musicGainDb: sound.mix.music?.gainDb ?? null, gainDb: sound.mix.master.gainDb, limitDb: sound.mix.master.limitDb,
        music: music?.path ?? null, wordTiming: voice.wordTiming,
      },
      provider: deps.ai.identity, durationSec: totalSec,
      background: background.value.kind === 'file'
        ? { source: background.value.path, kind: 'file', startSec: visuals.segment.startSec, looped: visuals.segment.looped }
        : { source: `builtin:${background.value.name}`, kind: 'builtin', startSec: 0, looped: false },
      slug: slugify(script.value.title || req.topic || 'video'),
      key: vKey,
      totalMs: performance.now() - started,
      shots: planned ? { ...planned.plan, request: planRequestOf(req) } : null,
      credits: planned?.credits ?? [],
    });
    manifest.brand = look.brand;
    manifest.captionSync = captions.sync;
    // A video whose insight failed is not stored whole: the next request retries the insight
    // (every other stage comes from the cache) instead of repeating the failure forever.
    // Likewise a look degraded by the machine (no emoji font yet): installing the font must show.
    if (!transient && captions.value.warnings.length === 0) {
      const entry: VideoEntry = { compileKey: compiled.key, thumbnailKey: compiled.thumbnail.key, manifest, srt: captions.value.srt };
      deps.cache.putJson(vKey, 'video', entry, { computeMs: performance.now() - started, costUsd: manifest.costUsd });
    }
    const outputs = await writeOutputs(outDir, manifest, { video: compiled.video, thumbnail: compiled.thumbnail, srt: captions.value.srt });
    return { manifest: { ...manifest, outputs } };
  } catch (err) {
    if (opts.signal?.aborted) throw cancelledError('The render');
    if (backgroundError !== null) throw backgroundError;
    throw err;
  } finally {
    // Stops whatever is still in flight (an insight call after a failed voice, say).
    controller.abort();
    opts.signal?.removeEventListener('abort', onAbort);
    stopWatchingWaits();
    releasePins(ctx);
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** What `render --shots FILE` needs to make the same video again (the plan file remembers it). */
export function planRequestOf(req: RenderRequest): PlanRequest {
  return {
    ...(req.topic !== undefined ? { topic: req.topic } : {}), ...(req.scriptText !== undefined ? { script: req.scriptText } : {}),
    genre: req.genre, duration: req.durationSec, voice: req.voice, preset: req.preset, seed: req.seed, captionStyle: req.captionStyle,
    provider: req.provider, ...(req.music !== undefined ? { music: req.music } : {}),
  };
}

function estimateBytes(kbps: number, seconds: number): number {
  // Output plus its temp copy, with headroom for the audio track and container.
  return Math.ceil(((kbps + 200) * 1000 / 8) * Math.max(1, seconds) * 2.5);
}
