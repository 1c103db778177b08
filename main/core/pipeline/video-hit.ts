/**
 * The whole-video cache key and the lookup that serves a repeated request (DESIGN §3: a
 * repeated request is a single lookup). Apart from the stages (render.ts) so that a start which
 * only hands a cached video out never loads them: the engine asks here first and loads the
 * pipeline on a miss (issue #15, fast start).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { cancelledError } from '../errors.js';
import { encoderIdentity } from '../media/encoder-identity.js';
import { resolvePreset } from '../media/presets.js';
import { listMusic } from '../music/library.js';
import { DEFAULT_VISUALS, usesShots } from '../shots/visual-sources.js';
import { voiceEngineIdentity } from '../voice/engine-identity.js';
import { jobVoiceRate } from '../voice/rate.js';
import { assertWritableDir, writeOutputs } from './outputs.js';
import { RenderProgress } from './progress.js';
import type { RenderDeps } from './render.js';
import { stageKey } from './stage-cache.js';
import { fileIdentity } from './stages/background.js';
import { voiceIdentity } from './stages/voice.js';
import type { RenderManifest, RenderOptions, RenderRequest, RenderResult } from './types.js';

const VIDEO_VERSION = 1;

/** What the cache keeps for a whole video: its stages' outputs by key, the manifest and the SRT. */
export interface VideoEntry {
  compileKey: string;
  thumbnailKey: string;
  manifest: RenderManifest;
  srt: string;
}

/** A music file's identity (by content), or a folder's (every track's, so adding one changes the pick). */
async function musicIdentity(music: string | undefined, cache: RenderDeps['cache']): Promise<unknown> {
  if (music === undefined) return null;
  const st = await stat(music);
  if (!st.isDirectory()) return await fileIdentity(music, cache);
  return (await listMusic(music)).map((t) => [path.basename(t.path), t.identity]);
}

/**
 * Everything that decides the finished bytes, known before any stage runs. Inputs by content,
 * never by path, so the key is the same on every machine of a render farm.
 */
export async function videoKey(req: RenderRequest, deps: RenderDeps): Promise<string> {
  // Independent lookups, at once: hashing a new clip overlaps the first run's tool probes.
  const [bg, music, voiceEngine, encoder, logo, voiceover, visuals] = await Promise.all([
    req.background.startsWith('builtin:') ? req.background : fileIdentity(req.background, deps.cache),
    musicIdentity(req.music, deps.cache),
    voiceEngineIdentity(req.voice, deps.toolMemo),
    encoderIdentity(deps.ffmpeg.ffmpeg, deps.toolMemo),
    req.look?.logo ? fileIdentity(req.look.logo.path, deps.cache) : null,
    req.voiceover ? fileIdentity(req.voiceover.path, deps.cache) : null,
    visualsKey(req, deps),
  ]);
  const id = deps.ai.identity;
  const rate = jobVoiceRate(req, deps.voiceRate);
  return stageKey('video', VIDEO_VERSION, {
    topic: req.topic ?? null, script: req.scriptText ?? null, genre: req.genre, duration: req.durationSec,
    // Only when given, so the keys of every other video stay as they were.
    ...(req.scriptTitle !== undefined || req.scriptHashtags !== undefined ? { scriptMeta: { title: req.scriptTitle ?? null, hashtags: req.scriptHashtags ?? null } } : {}),
    language: req.language, voice: req.voice, voiceEngine, rate, preset: resolvePreset(req.preset, req.size, req.quality),
    background: bg, music, seed: req.seed, style: req.captionStyle,
    // The look by value and its logo by content: a path differs on every machine of a farm.
    look: req.look ? { ...req.look, logo: null } : null,
    logo: req.look?.logo && logo !== null ? { ...req.look.logo, path: logo } : null,
    provider: { id: id.id, model: id.model, prompts: id.promptDigest, baseURL: id.baseURL ?? null },
    speech: voiceIdentity(req.voice, rate, deps.voiceEngines), musicVolume: req.musicVolume ?? null, fallbackVoice: deps.fallbackVoice ?? null,
    voiceover: req.voiceover && voiceover !== null ? { file: voiceover, trim: req.voiceover.trimSilence, transcribe: deps.transcribe ? { model: deps.transcribe.model, baseURL: deps.transcribe.baseURL ?? null } : null } : null,
    ffmpeg: deps.ffmpeg.version, encoder, fonts: deps.fontsDigest,
    visuals,
  });
}

/** Shots (#11): what a plan can draw on — the sources, the library's state, the stock sites, an edited plan's files. */
async function visualsKey(req: RenderRequest, deps: RenderDeps): Promise<unknown> {
  if (!usesShots(req)) return null;
  const files = req.shots ? await Promise.all(req.shots.plan.shots.map((s) => (s.path ? fileIdentity(s.path, deps.cache).catch(() => 'missing') : null))) : null;
  return {
    order: req.visuals ?? DEFAULT_VISUALS, transition: req.transition ?? 'cut',
    library: deps.footage?.version() ?? null, stock: deps.stock?.identity ?? null,
    plan: req.shots ? { shots: req.shots.plan.shots, files } : null,
  };
}

/**
 * The video stored under `key`, handed out to `outDir` with its manifest marked as a cache hit
 * (every stage 'cached', its time and cost saved), or null when the entry or one of its files is
 * missing: a partial entry is never served, the pipeline makes the video again.
 */
export async function serveCachedVideo(key: string, outDir: string, cache: RenderDeps['cache'], progress: RenderProgress, started: number): Promise<RenderResult | null> {
  const hit = cache.getJson<VideoEntry>(key);
  const video = hit ? cache.getFile(hit.value.compileKey) : null;
  const thumb = hit ? cache.getFile(hit.value.thumbnailKey) : null;
  if (!hit || !video || !thumb) return null;
  const manifest: RenderManifest = {
    ...hit.value.manifest,
    stages: hit.value.manifest.stages.map((s) => ({ stage: s.stage, status: 'cached', ms: 0, savedMs: s.ms, costSavedUsd: s.costUsd ?? 0, ...(s.key ? { key: s.key } : {}) })),
    cache: { videoHit: true, hits: hit.value.manifest.stages.length, misses: 0, savedMs: hit.computeMs },
    costUsd: 0,
    costSavedUsd: hit.value.manifest.costUsd,
    totalMs: 0,
    createdAt: new Date().toISOString(),
  };
  for (const s of manifest.stages) progress.update(s.stage, 'cached', 1);
  manifest.totalMs = performance.now() - started;
  const outputs = await writeOutputs(outDir, manifest, { video, thumbnail: thumb, srt: hit.value.srt });
  return { manifest: { ...manifest, outputs } };
}

/**
 * The engine's first step for a render: the whole video from the cache, or its key for the
 * pipeline (renderVideo) to make it under.
 */
export async function cachedVideo(req: RenderRequest, outDir: string, deps: RenderDeps, opts: RenderOptions = {}): Promise<{ result: RenderResult } | { key: string }> {
  const started = performance.now();
  if (opts.signal?.aborted) throw cancelledError('The render');
  await assertWritableDir(outDir);
  const key = await videoKey(req, deps);
  if (req.noCache) return { key };
  const result = await serveCachedVideo(key, outDir, deps.cache, new RenderProgress(opts.onEvent ?? (() => {})), started);
  return result ? { result } : { key };
}
