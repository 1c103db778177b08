/** Queue records → the contract's views, with file URLs supplied by the host. */
import type { JobView } from '../contract.js';
import type { JobRecord } from '../batch/types.js';

export type FileUrl = (absPath: string) => string | null;

export function toJobView(r: JobRecord, fileUrl: FileUrl): JobView {
  return {
    id: r.id,
    batchId: r.batchId,
    title: r.title,
    status: r.status,
    stages: r.stages,
    stage: r.stage,
    progress: r.progress,
    etaSec: r.etaSec,
    error: r.error,
    output: r.output,
    thumbnailUrl: r.output ? fileUrl(r.output.thumbnail) : null,
    videoUrl: r.output ? fileUrl(r.output.mp4) : null,
    attempts: r.attempts,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    seq: r.seq,
    waiting: r.status === 'running' && r.waiting,
  };
}
