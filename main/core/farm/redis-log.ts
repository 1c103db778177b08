/**
 * Redis connection errors arrive as a burst (every object, every reconnect attempt) while Redis
 * restarts. Each BullMQ object must have an 'error' listener or Node throws; this one logs the
 * first of a burst and then at most one line every few seconds.
 */
export function throttledErrorLog(log: ((line: string) => void) | undefined, what: string, everyMs = 5000): (err: unknown) => void {
  let last = 0;
  let dropped = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < everyMs) {
      dropped++;
      return;
    }
    last = now;
    const more = dropped > 0 ? ` (+${dropped} more)` : '';
    dropped = 0;
    log?.(`[farm] ${what}: ${err instanceof Error ? err.message : String(err)}${more}`);
  };
}
