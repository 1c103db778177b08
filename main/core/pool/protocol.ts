import type { ErrorInfo } from '../errors.js';
import type { FootageJob, FootageResult } from '../footage/types.js';
import type { FfmpegSpec } from '../media/ffmpeg-spec.js';
import type { TtsJob, TtsResult } from '../voice/types.js';

/** Work a media worker can do. Inputs are plain data; outputs are files the job names. */
export type MediaJob =
  | { kind: 'ffmpeg'; spec: FfmpegSpec; /** x264/ffmpeg threads the scheduler grants this job */ threads?: number }
  | { kind: 'tts'; tts: TtsJob }
  /** Footage indexing: a file's content hash, or its probe, scenes and thumbnails. */
  | { kind: 'footage'; footage: FootageJob; threads?: number };

export interface FfmpegResult {
  /** Wall time of the ffmpeg process, ms. */
  elapsedMs: number;
}

export type MediaJobResult<J extends MediaJob = MediaJob> = J extends { kind: 'ffmpeg' }
  ? FfmpegResult
  : J extends { kind: 'tts' }
    ? TtsResult
    : J extends { kind: 'footage' }
      ? FootageResult
      : never;

export interface JobProgress {
  /** 0..1 of this job. */
  fraction: number;
  /** Seconds of output produced so far (ffmpeg), if known. */
  outTimeSec?: number;
  fps?: number;
  speed?: number;
  etaSec?: number;
}

/** Parent → worker. */
export type ToWorker =
  | { type: 'run'; id: string; job: MediaJob }
  | { type: 'cancel'; id: string }
  | { type: 'shutdown' }
  /** Answers 'flush': every message the worker sent before it has arrived. */
  | { type: 'flushed'; token: number };

/** Worker → parent. */
export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: string; progress: JobProgress }
  /** The job started a child process (ffmpeg): lets the parent log it and tests prove it is gone. */
  | { type: 'child'; id: string; pid: number }
  | { type: 'done'; id: string; result: FfmpegResult | TtsResult | FootageResult }
  | { type: 'error'; id: string; error: ErrorInfo }
  /** Sent last before a deliberate exit; the reply ('flushed') proves the messages before it arrived. */
  | { type: 'flush'; token: number };

/** What a runner inside the worker receives besides its job. */
export interface RunnerContext {
  signal: AbortSignal;
  onProgress: (p: JobProgress) => void;
}
