/**
 * The RunJob a farm controller gives the BatchQueue: the queue, its SQLite rows, progress, ETA,
 * pause, cancel and retry stay exactly as for local renders; only the rendering moves. For each
 * video it does the controller's part (controller-stages.ts), sends the rest to the farm as one
 * job, follows its progress, and copies the finished files from its own cache (the worker
 * delivered them there) into the batch's output folder.
 *
 * Abort reasons decide what happens remotely: a cancel or pause stops the farm job (its ffmpeg
 * is killed on the worker); an interrupt (this controller closing) leaves it running, and the
 * restarted controller re-attaches to the same run (farm-runs.ts) — nothing is rendered twice.
 */
import { abortKindOf } from '../batch/queue.js';
import type { RunJob } from '../batch/types.js';
import type { CacheStore } from '../cache/store.js';
import type { FileHit } from '../cache/types.js';
import { UserError } from '../errors.js';
import { assertWritableDir, writeOutputs } from '../pipeline/outputs.js';
import { planRequestOf, type RenderDeps } from '../pipeline/render.js';
import type { RequestDefaults } from '../pipeline/request.js';
import { stageKey } from '../pipeline/stage-cache.js';
import type { RenderManifest, StageName, StageStatus } from '../pipeline/types.js';
import type { RenderingEngine } from '../studio/run-job.js';
import { prepareFarmRender } from './controller-stages.js';
import type { FarmDispatcher } from './dispatcher.js';
import { localShots } from './farm-shots.js';
import type { FarmRuns } from './farm-runs.js';
import type { FarmProgress } from './payload.js';
import type { RenderPayload, RenderResult } from './render-payload.js';
import type { SourceRegistry } from './source-registry.js';

export interface FarmRenderingEngine extends RenderingEngine {
  readonly renderDeps: RenderDeps;
}

export interface FarmRunJobOptions {
  engine: FarmRenderingEngine;
  dispatcher: FarmDispatcher;
  sources: SourceRegistry;
  runs: FarmRuns;
  defaults: () => Partial<RequestDefaults>;
  log?: (line: string) => void;
}

/** The farm's answer for a request: one lookup when the same video is asked for again. */
function farmVideoKey(p: RenderPayload): string {
  return stageKey('video', 1, { farm: { ...p, request: { ...p.request, noCache: false } } });
}

function filesOf(cache: CacheStore, r: RenderResult): { video: FileHit; thumbnail: FileHit } | null {
  const video = cache.peekFileBySha256(r.video.sha256);
  const thumbnail = cache.peekFileBySha256(r.thumbnail.sha256);
  return video && thumbnail ? { video, thumbnail } : null;
}

export function farmRunJob(o: FarmRunJobOptions): RunJob {
  return async (spec, ctx) => {
    // The batch's own render options (size, draft, no-cache) win, as on the local pool.
    const req = await o.engine.resolve(spec, { ...o.defaults(), ...ctx.renderOptions });
    ctx.signal.throwIfAborted();
    await assertWritableDir(ctx.outDir);
    const deps = o.engine.renderDeps;
    const prepared = await prepareFarmRender(req, deps, o.sources, { signal: ctx.signal, onEvent: ctx.onEvent });
    try {
      const key = farmVideoKey(prepared.payload);
      const title = (spec.topic ?? spec.script ?? 'video').slice(0, 80);
      // The creator's files and the plan made here, where the worker's manifest names digests.
      const localise = (m: RenderResult['manifest']): RenderManifest => {
        const local = m as unknown as RenderManifest;
        const shots = local.shots ? (prepared.shots ? localShots(local.shots, prepared.shots, planRequestOf(req)) : { ...local.shots, request: planRequestOf(req) }) : local.shots;
        return {
          ...local, background: { ...local.background, source: req.background }, music: req.music ?? null,
          ...(local.sound ? { sound: { ...local.sound, music: local.sound.music ? (req.music ?? null) : null } } : {}),
          ...(shots !== undefined ? { shots } : {}),
          warnings: [...prepared.warnings, ...local.warnings],
        };
      };

      if (!req.noCache) {
        const hit = deps.cache.getJson<RenderResult>(key);
        const files = hit ? filesOf(deps.cache, hit.value) : null;
        if (hit && files) {
          const manifest: RenderManifest = { ...localise(hit.value.manifest), stages: localise(hit.value.manifest).stages.map((s) => ({ stage: s.stage, status: 'cached' as const, ms: 0, savedMs: s.ms })), cache: { videoHit: true, hits: hit.value.manifest.stages.length, misses: 0, savedMs: hit.computeMs }, costUsd: 0 };
          for (const s of manifest.stages) ctx.onEvent({ type: 'stage', stage: s.stage, status: 'cached', fraction: 1, overall: 1 });
          const outputs = await writeOutputs(ctx.outDir, manifest, { ...files, srt: hit.value.srt });
          return { mp4: outputs.mp4, thumbnail: outputs.thumbnail, durationSec: manifest.durationSec, manifest: { ...manifest, outputs } };
        }
      }

      const run = o.runs.begin(ctx.jobId);
      if (run.attached) o.log?.(`[farm] ${title}: re-attaching to farm job ${run.farmJobId}`);
      const started = performance.now();
      const seen: Partial<Record<StageName, StageStatus>> = {};
      const onProgress = (p: FarmProgress): void => {
        for (const [stage, status] of Object.entries(p.stages) as [StageName, StageStatus][]) {
          if (seen[stage] === status && stage !== p.stage) continue;
          seen[stage] = status;
          ctx.onEvent({ type: 'stage', stage, status, fraction: stage === p.stage ? p.fraction : 1, overall: p.overall, ...(p.etaSec !== undefined ? { etaSec: p.etaSec } : {}) });
        }
      };
      const job = o.dispatcher.run({ v: 1, kind: 'render', title, render: prepared.payload }, { jobId: run.farmJobId, onProgress });
      let onAbort = (): void => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = (): void => {
          const reason: unknown = ctx.signal.reason;
          if (abortKindOf(reason) === 'interrupt') {
            // This controller is closing: the farm job carries on; the next start re-attaches.
            o.dispatcher.detach(run.farmJobId, reason instanceof Error ? reason : new Error(String(reason)));
          } else {
            o.runs.settle(ctx.jobId);
            o.dispatcher.detach(run.farmJobId, reason instanceof Error ? reason : new Error(String(reason)));
            o.dispatcher.cancel(run.farmJobId).catch((err: unknown) => o.log?.(`[farm] cancelling ${run.farmJobId}: ${err instanceof Error ? err.message : String(err)}`));
          }
          reject(reason instanceof Error ? reason : new UserError('cancelled', 'The job was stopped.'));
        };
        if (ctx.signal.aborted) onAbort();
        else ctx.signal.addEventListener('abort', onAbort, { once: true });
      });
      let result;
      try {
        result = await Promise.race([job, aborted]);
      } catch (err) {
        if (!ctx.signal.aborted) o.runs.settle(ctx.jobId); // failed on the farm: a retry is a new run
        throw err;
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
      o.runs.settle(ctx.jobId);
      if (result.kind !== 'render') throw new UserError('internal', `Farm job ${run.farmJobId} returned a ${result.kind} result for a video.`);
      const files = filesOf(deps.cache, result.render);
      if (!files) throw new UserError('io', `The farm finished "${title}" but its video is not in the controller's cache (evicted already?): retry the job; its stages come from the cache.`);
      const manifest = localise(result.render.manifest);
      // Like a local render: a plan with warnings (a stock site's bad minute) is made again next time.
      if (prepared.warnings.length === 0) deps.cache.putJson(key, 'video', result.render, { computeMs: performance.now() - started, costUsd: manifest.costUsd });
      const outputs = await writeOutputs(ctx.outDir, manifest, { ...files, srt: result.render.srt });
      o.log?.(`[farm] ${title}: rendered by ${result.worker.name} (${result.worker.id})`);
      return { mp4: outputs.mp4, thumbnail: outputs.thumbnail, durationSec: manifest.durationSec, manifest: { ...manifest, outputs } };
    } finally {
      prepared.release();
    }
  };
}
