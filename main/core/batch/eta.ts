/** Pure estimates for the queue's views: job ETA, batch ETA, videos per minute. */

/** Seconds left for one job: the pipeline's own estimate when it gives one, else linear on progress. */
export function jobEtaSec(progress: number, elapsedSec: number, reported?: number): number | null {
  if (reported !== undefined && Number.isFinite(reported) && reported >= 0) return Math.round(reported);
  // Below a few percent the rate is noise (the script stage alone can be most of the first 5 %).
  if (progress < 0.05 || elapsedSec < 1) return null;
  if (progress >= 1) return 0;
  return Math.round((elapsedSec * (1 - progress)) / progress);
}

export interface BatchEtaInput {
  queued: number;
  /** Remaining seconds of each running job; null where unknown yet. */
  running: (number | null)[];
  /** Mean wall seconds of the batch's finished jobs; null before the first one finishes. */
  avgJobSec: number | null;
  /** Videos that can be in flight at once. */
  slots: number;
  /** The batch's measured rate (videosPerMinute below) and how many of its jobs finished. */
  videosPerMinute?: number;
  finished?: number;
}

/** Finished videos before the measured rate is trusted over per-job times. */
export const RATE_TRUSTED_AFTER = 3;

/**
 * Once a few videos have finished, the videos left at the measured rate: that rate already
 * includes what per-job times miss (videos in flight waiting for the same few workers), so the
 * ETA agrees with the "videos/min" shown next to it. Before that, the work left in
 * job-seconds spread over the slots. Never less than the longest running job (parallelism
 * cannot finish a job faster). Null when there is nothing to go on.
 */
export function batchEtaSec(p: BatchEtaInput): number | null {
  if (p.queued === 0 && p.running.length === 0) return 0;
  const longestKnown = Math.max(0, ...p.running.filter((r): r is number => r !== null));
  if ((p.finished ?? 0) >= RATE_TRUSTED_AFTER && (p.videosPerMinute ?? 0) > 0) {
    const left = p.queued + p.running.length;
    return Math.round(Math.max(longestKnown, (left / (p.videosPerMinute as number)) * 60));
  }
  const running = p.running.map((r) => r ?? p.avgJobSec);
  if (running.some((r) => r === null)) return null;
  const known = running as number[];
  const longest = known.length ? Math.max(...known) : 0;
  if (p.queued > 0 && p.avgJobSec === null) return null;
  const total = known.reduce((a, b) => a + b, 0) + p.queued * (p.avgJobSec ?? 0);
  return Math.round(Math.max(longest, total / Math.max(1, p.slots)));
}

/**
 * Finished videos per minute over the last `windowMs` (10 min): recent enough to follow a
 * change of concurrency, long enough not to jump with every video. The window starts no
 * earlier than the batch's first start, so the first minutes are not diluted.
 */
export function videosPerMinute(finishedAt: readonly number[], firstStartAt: number | null, now: number, windowMs = 600_000): number {
  if (firstStartAt === null) return 0;
  const from = Math.max(firstStartAt, now - windowMs);
  const span = now - from;
  if (span < 1000) return 0;
  const n = finishedAt.filter((t) => t >= from && t <= now).length;
  return Math.round((n / (span / 60_000)) * 10) / 10;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
