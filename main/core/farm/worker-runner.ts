/**
 * What a farm worker does with each kind of job: the paced stand-in (bench) runs one ffmpeg on
 * the pool; a video runs the worker's part of the pipeline (worker-render.ts).
 */
import type { WorkerPool } from '../pool/worker-pool.js';
import type { FarmJobRunner } from './farm-worker.js';
import { runPacedJob } from './paced-job.js';

export interface WorkerRunnerDeps {
  pool: WorkerPool;
  /** The worker's part of a video; absent on a worker that only runs stand-in jobs (bench). */
  render?: FarmJobRunner;
}

export function workerRunner(deps: WorkerRunnerDeps): FarmJobRunner {
  return async (data, ctx) => {
    if (data.kind === 'paced') return runPacedJob(deps.pool, data.seconds, ctx);
    if (!deps.render) throw new Error(`This worker cannot render videos (job ${ctx.jobId}).`);
    return deps.render(data, ctx);
  };
}
