/**
 * A worker's part of one video: the same pipeline as a local render (renderVideo), on this
 * machine's cache backed by the farm's (RemoteCache). The controller has already stored the
 * script, ideas, virality, any online voice and transcribed voice-over, so those stages are hits
 * here; it also sends the shot plan when it had footage or stock to plan with, which the worker
 * renders as written. The worker voices system voices (a hit when the controller voiced them for
 * its plan), captions, plans built-in looks when no plan came, and compiles, delivering every
 * result to the controller as soon as it exists. Inputs (clips, stills, stock files, music, a
 * voice-over) arrive by digest and are kept in the local cache, so a file used by many videos
 * crosses the network once per worker.
 *
 * The worker holds no AI key: its provider only carries the controller's identity (what the stage
 * keys hash) and refuses to write anything, which an optional stage reports as a warning.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AiProvider } from '../ai/types.js';
import { hashFile } from '../cache/content-digest.js';
import { UserError } from '../errors.js';
import { renderVideo, type RenderDeps } from '../pipeline/render.js';
import { recordingKey, type RecordingInputs } from '../pipeline/stages/recording.js';
import type { PresetName, RenderManifest, RenderRequest, StageName, StageStatus } from '../pipeline/types.js';
import type { ShotPlan } from '../shots/types.js';
import type { TranscribeOptions } from '../voice/engines-config.js';
import type { DigestRef } from './blob-protocol.js';
import type { BlobClient } from './blob-client.js';
import type { FarmJobRunner } from './farm-worker.js';
import { fromFarmShots, portableShots, type FarmShots } from './farm-shots.js';
import { RemoteCache } from './remote-cache.js';
import type { RenderPayload, RenderResult } from './render-payload.js';

/** A provider with the controller's identity that never writes: the controller did, or it is a warning. */
export function identityOnlyProvider(identity: RenderPayload['ai']): AiProvider {
  const refuse = (): Promise<never> => Promise.reject(new UserError('provider', 'A farm worker does not call AI providers (the controller keeps the keys): this stage was not in the farm\'s cache.'));
  return {
    identity: {
      id: identity.id === 'openai' ? 'openai' : 'offline',
      model: identity.model,
      promptDigest: { script: identity.promptDigest.script ?? '', ideas: identity.promptDigest.ideas ?? '', virality: identity.promptDigest.virality ?? '' },
      ...(identity.baseURL !== null ? { baseURL: identity.baseURL } : {}),
    },
    writeScript: refuse,
    reviseScript: refuse,
    backgroundIdeas: refuse,
    virality: refuse,
  };
}

/** The manifest as the controller may keep it: inputs named by digest, no path of this machine. */
export function portableManifest(m: RenderManifest, payload: RenderPayload, digestOf: ReadonlyMap<string, string> = new Map()): RenderResult['manifest'] {
  const bg = payload.request.background;
  const { outputs: _outputs, ...rest } = m;
  const portable: Omit<RenderManifest, 'outputs'> = {
    ...rest,
    background: { ...m.background, source: bg.kind === 'builtin' ? `builtin:${bg.name}` : `sha256:${bg.sha256}` },
    music: payload.request.music ? `sha256:${payload.request.music.sha256}` : null,
    ...(m.sound ? { sound: { ...m.sound, music: payload.request.music ? `sha256:${payload.request.music.sha256}` : null } } : {}),
    ...(m.shots ? { shots: portableShots(m.shots, digestOf) } : {}),
  };
  return portable as unknown as RenderResult['manifest'];
}

/**
 * A voice-over placed on the controller with its transcription server: this worker must find
 * that result (it has no key to transcribe with). The controller falls back to aligning the
 * script when transcription fails; then that is the result to use. Returns whether the
 * transcription is part of the stage's key here.
 */
export async function placedOnController(remote: RemoteCache, inp: Omit<RecordingInputs, 'path'>, signal: AbortSignal): Promise<boolean> {
  if (!inp.transcribe) return false;
  if (remote.local.has(recordingKey(inp)) || await remote.pullFile(recordingKey(inp), signal)) return true;
  const { transcribe: _t, ...aligned } = inp;
  if (inp.scriptText !== undefined && (remote.local.has(recordingKey(aligned)) || await remote.pullFile(recordingKey(aligned), signal))) return false;
  throw new UserError('config', `The voice-over was placed on the controller, but this worker cannot use that result (its ffmpeg ${inp.ffmpeg.version} may differ from the controller's) and it has no transcription key: run workers with the controller's ffmpeg, or give the voice-over's script.`, 'voiceover');
}

/** The payload's plan with every file fetched (once per digest) to this machine. */
async function planFromController(f: FarmShots, local: (ref: DigestRef) => Promise<string>): Promise<ShotPlan> {
  const paths = new Map<string, string>();
  for (const s of f.shots) if (s.file && !paths.has(s.file.sha256)) paths.set(s.file.sha256, await local(s.file));
  return fromFarmShots(f, (ref) => paths.get(ref.sha256) ?? '');
}

export interface WorkerRenderDeps {
  /** The worker's own engine parts (cache, pool, ffmpeg, fonts, limits). */
  base: RenderDeps;
  client: BlobClient;
}

export function workerRender(deps: WorkerRenderDeps): FarmJobRunner {
  return async (data, ctx) => {
    if (data.kind !== 'render') throw new UserError('internal', `Not a video job: ${data.kind}.`);
    const p = data.render;
    const remote = new RemoteCache(deps.base.cache, deps.client, ctx.signal);
    const pinned: string[] = [];
    const outDir = await mkdtemp(path.join(deps.base.workRoot, 'farm-out-'));
    try {
      // Inputs by digest → this machine's copies (pinned while the job runs).
      const local = async (ref: { sha256: string; ext: string }): Promise<string> => {
        const hit = await remote.ensureBlob(ref.sha256, ref.ext, ctx.signal);
        deps.base.cache.pin(hit.key);
        pinned.push(hit.key);
        return hit.path;
      };
      const r = p.request;
      // The controller's plan, each file at this machine's copy; `digestOf` names the copies again in the result.
      const digestOf = new Map<string, string>();
      const shots = p.shots ? await planFromController(p.shots, async (ref) => {
        const file = await local(ref);
        digestOf.set(file, ref.sha256);
        return file;
      }) : null;
      const req: RenderRequest = {
        ...(r.topic !== null ? { topic: r.topic } : {}),
        ...(r.scriptText !== null ? { scriptText: r.scriptText } : {}),
        genre: r.genre, durationSec: r.durationSec, language: r.language, voice: r.voice, preset: r.preset as PresetName,
        background: r.background.kind === 'builtin' ? `builtin:${r.background.name}` : await local(r.background),
        ...(r.music ? { music: await local(r.music) } : {}),
        ...(r.voiceover ? { voiceover: { path: await local(r.voiceover), trimSilence: r.voiceover.trimSilence } } : {}),
        seed: r.seed, captionStyle: r.captionStyle, provider: r.provider,
        ...(r.look ? { look: { ...r.look, logo: r.look.logo ? { path: await local(r.look.logo), corner: r.look.logo.corner, sizePercent: r.look.logo.sizePercent, opacity: r.look.logo.opacity } : null } } : {}),
        ...(r.size ? { size: r.size } : {}),
        quality: r.quality, noCache: r.noCache,
        ...(p.pace ? { pace: p.pace } : {}),
        ...(p.musicVolume !== undefined && p.musicVolume !== null ? { musicVolume: p.musicVolume } : {}),
        ...(r.transition ? { transition: r.transition } : {}),
        ...(r.durationGiven ? { durationGiven: true } : {}),
        // Rendered as written; a worker whose voice engine speaks at another pace scales it.
        ...(shots ? { shots: { file: 'the controller\'s shot plan', plan: shots, fit: 'scale' as const }, transition: shots.transition } : {}),
      };
      // The transcription's model and server only (its key stays on the controller).
      let transcribe: TranscribeOptions | undefined = p.transcribe ? { model: p.transcribe.model, apiKey: '', ...(p.transcribe.baseURL !== null ? { baseURL: p.transcribe.baseURL } : {}) } : undefined;
      if (req.voiceover && r.voiceover && transcribe) {
        const used = await placedOnController(remote, {
          identity: `sha256:${r.voiceover.sha256}`, trimSilence: r.voiceover.trimSilence, language: req.language, ffmpeg: deps.base.ffmpeg,
          ...(req.scriptText !== undefined ? { scriptText: req.scriptText } : {}), transcribe,
        }, ctx.signal);
        if (!used) transcribe = undefined;
      }
      // The engines' model and server only: the controller synthesised online voices (no key here).
      const ve = p.voiceEngines ?? {};
      const { transcribe: _own, ...base } = deps.base;
      const renderDeps: RenderDeps = {
        ...base,
        ai: identityOnlyProvider(p.ai),
        voiceRate: p.voiceRate,
        remote,
        // The controller plans with its library and stock keys; without a plan only built-in looks are left.
        footage: null,
        stock: null,
        ...(transcribe ? { transcribe } : {}),
        voiceEngines: {
          ...(p.speech ? { openai: { apiKey: '', model: p.speech.model, ...(p.speech.baseURL !== null ? { baseURL: p.speech.baseURL } : {}) } } : {}),
          ...(ve.elevenlabs ? { elevenlabs: { apiKey: '', model: ve.elevenlabs.model, ...(ve.elevenlabs.baseURL !== null ? { baseURL: ve.elevenlabs.baseURL } : {}) } } : {}),
          ...(ve.local ? { local: { model: ve.local.model, baseURL: ve.local.baseURL } } : {}),
          ...(ve.edge ? { edge: { baseURL: ve.edge.baseURL } } : {}),
        },
      };
      const stages: Partial<Record<StageName, StageStatus>> = {};
      const { manifest } = await renderVideo(req, outDir, renderDeps, {
        signal: ctx.signal,
        onEvent: (e) => {
          if (e.type !== 'stage') return;
          stages[e.stage] = e.status;
          ctx.onProgress({ stages: { ...stages }, stage: e.stage, fraction: e.fraction, overall: e.overall, ...(e.etaSec !== undefined ? { etaSec: e.etaSec } : {}) });
        },
      });
      const [video, thumbnail, srt] = await Promise.all([hashFile(manifest.outputs.mp4), hashFile(manifest.outputs.thumbnail), readFile(manifest.outputs.srt, 'utf8')]);
      // The compile and thumbnail stages delivered these already; make sure, since the job's
      // completion is the controller's cue to copy them out.
      const missing = await deps.client.missing([video.sha256, thumbnail.sha256], ctx.signal);
      for (const [ref, file] of [[video, manifest.outputs.mp4], [thumbnail, manifest.outputs.thumbnail]] as const) {
        if (missing.includes(ref.sha256)) await deps.client.upload(ref.sha256, file, path.extname(file), ctx.signal);
      }
      return { kind: 'render', render: { video, thumbnail, srt, transfer: { ...remote.transfer }, manifest: portableManifest(manifest, p, digestOf) } };
    } finally {
      for (const k of pinned) deps.base.cache.unpin(k);
      await rm(outDir, { recursive: true, force: true }).catch(() => undefined);
    }
  };
}
