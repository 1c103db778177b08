/**
 * The RunJob the studio and the CLI give the queue: resolve the spec with the current
 * defaults (so a settings change applies to the next job) under the batch's own render
 * options (size, draft, no-cache: the same on resume and retry), then render into the batch's
 * output folder with the queue's signal, which kills ffmpeg on cancel.
 */
import type { JobSpec, RenderOptions, RenderRequest, RenderResult } from '../pipeline/types.js';
import type { RequestDefaults } from '../pipeline/request.js';
import type { RunJob } from '../batch/types.js';

/** The part of Engine the runner needs (an interface, so tests can pass a fake). */
export interface RenderingEngine {
  resolve(spec: JobSpec, defaults?: Partial<RequestDefaults>): Promise<RenderRequest>;
  render(req: RenderRequest, outDir: string, opts?: RenderOptions): Promise<RenderResult>;
}

export function engineRunJob(engine: RenderingEngine, defaults: () => Partial<RequestDefaults>): RunJob {
  return async (spec, ctx) => {
    const req = await engine.resolve(spec, { ...defaults(), ...ctx.renderOptions });
    ctx.signal.throwIfAborted();
    const { manifest } = await engine.render(req, ctx.outDir, { signal: ctx.signal, onEvent: ctx.onEvent });
    return { mp4: manifest.outputs.mp4, thumbnail: manifest.outputs.thumbnail, durationSec: manifest.durationSec, manifest };
  };
}
