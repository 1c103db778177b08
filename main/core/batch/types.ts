/**
 * Shapes shared by the batch parsers, the persisted queue and its hosts. Parsers produce
 * InputJobs (a spec plus where it came from, so an error can name the file and line); the
 * queue turns them into JobRecords, the studio turns those into the contract's JobView.
 */
import type { JobStatus, BatchStatus } from '../contract.js';
import type { ErrorInfo } from '../errors.js';
import type { RequestDefaults } from '../pipeline/request.js';
import type { JobSpec, RenderEvent, RenderManifest, StageName, StageStatus } from '../pipeline/types.js';

/** One job read from an input, with a human locator: "topics.csv:line 7", "jobs.json[3]". */
export interface InputJob {
  spec: JobSpec;
  source: string;
}

/** A problem with one row/entry/file; it fails alone, the rest of the input still runs. */
export interface InputError {
  source: string;
  message: string;
}

export interface ParseResult {
  jobs: InputJob[];
  errors: InputError[];
}

/** Everything a set of dropped/given paths yields. */
export interface BatchInput extends ParseResult {
  /** Absolute paths of video clips: the background pool for jobs that name none. */
  backgrounds: string[];
}

/** What rendering one job produced. */
export interface JobOutput {
  mp4: string;
  thumbnail: string;
  durationSec: number;
  manifest: RenderManifest | null;
}

/** How a batch renders, kept with it so a resume or a retry makes the same videos (CLI --size, --draft, --no-cache). */
export type BatchRenderOptions = Partial<Pick<RequestDefaults, 'size' | 'quality' | 'noCache'>>;

/**
 * Renders one job. Injected so the scheduler is testable without ffmpeg: the studio wires it
 * to Engine.resolve + Engine.render. It must reject promptly once `signal` aborts.
 */
export type RunJob = (spec: JobSpec, ctx: {
  jobId: string; batchId: string; outDir: string; renderOptions: BatchRenderOptions; signal: AbortSignal; onEvent: (e: RenderEvent) => void;
}) => Promise<JobOutput>;

export interface JobRecord {
  id: string;
  batchId: string;
  seq: number;
  source: string;
  title: string;
  spec: JobSpec;
  status: JobStatus;
  attempts: number;
  stages: Partial<Record<StageName, StageStatus>>;
  stage: StageName | null;
  /** 0..1, never goes backwards within one attempt. */
  progress: number;
  etaSec: number | null;
  error: ErrorInfo | null;
  /** `warnings`: the manifest's (a caption drift, a failed insight), shown on the job's row. */
  output: { mp4: string; thumbnail: string; durationSec: number; warnings?: string[] } | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface BatchRecord {
  id: string;
  status: BatchStatus;
  concurrency: number;
  stopOnError: boolean;
  outDir: string;
  /** What the batch was made from (file names), for listings. */
  label: string;
  renderOptions: BatchRenderOptions;
  createdAt: number;
  updatedAt: number;
}
