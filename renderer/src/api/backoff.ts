export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "full jitter"
 * on the upper half so many windows of the same host do not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = { baseMs: 250, maxMs: 10_000 }, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
