/**
 * How many threads one encode gets. One x264 encode already fills every core, so encodes that
 * run side by side must split the cores between them rather than each taking all of them:
 * oversubscribing barely changes throughput but multiplies latency and memory, while
 * under-threading leaves cores idle (perf-floor.md, "Scheduling hints": 2 encodes × 1 thread is
 * the best batch setting on 2 cores; 1 encode with all threads is the fastest single video).
 *
 * `concurrentEncodes` is the number expected to run at once, this one included.
 */
export function threadsPerEncode(cores: number, concurrentEncodes: number): number {
  const whole = (x: number): number => (Number.isFinite(x) ? Math.max(1, Math.floor(x)) : 1);
  const c = whole(cores);
  const n = whole(concurrentEncodes);
  return Math.max(1, Math.floor(c / n));
}
