/**
 * The bench's stand-in job: a real ffmpeg through the real pool, paced in real time (`-re`) and
 * drawing a tiny frame into the null muxer, so it lasts exactly its length while costing almost
 * no CPU. Many of them at once measure what the farm itself costs (dispatch, progress, results)
 * on a machine with two cores (render-farm.md §5.10).
 */
import type { FfmpegSpec } from '../media/ffmpeg-spec.js';
import type { WorkerPool } from '../pool/worker-pool.js';
import type { FarmProgressUpdate } from './farm-worker.js';

export function pacedSpec(seconds: number): FfmpegSpec {
  return {
    inputs: [{ source: `color=c=black:s=64x114:r=30:d=${seconds}`, options: ['-re', '-f', 'lavfi'] }],
    outputs: [{ path: '-', options: ['-f', 'null'] }],
    durationSec: seconds,
  };
}

export async function runPacedJob(pool: WorkerPool, seconds: number, ctx: { signal: AbortSignal; onProgress: (p: FarmProgressUpdate) => void }): Promise<{ kind: 'paced'; elapsedMs: number }> {
  const res = await pool.run({ kind: 'ffmpeg', spec: pacedSpec(seconds), threads: 1 }, {
    signal: ctx.signal, label: 'paced',
    onProgress: (p) => ctx.onProgress({ stages: { compile: 'running' }, stage: 'compile', fraction: p.fraction, overall: p.fraction, ...(p.etaSec !== undefined ? { etaSec: p.etaSec } : {}) }),
  });
  return { kind: 'paced', elapsedMs: res.elapsedMs };
}
