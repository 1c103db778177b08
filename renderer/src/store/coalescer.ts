/**
 * Collects keyed updates and hands them over once per animation frame. Ten streaming jobs
 * can each emit several progress events per frame; the store (and React) should see one merge
 * per frame with the latest version of each job. While the window is hidden the browser stops
 * animation frames, so updates wait there — keyed by id, the backlog stays bounded.
 */
export type Schedule = (run: () => void) => void;

export interface Coalescer<T> {
  push(items: readonly T[]): void;
  /** Deliver whatever is waiting now (used before a snapshot replaces state). */
  flush(): void;
  readonly size: number;
}

export function createCoalescer<T>(keyOf: (item: T) => string, deliver: (items: T[]) => void, schedule: Schedule = defaultSchedule): Coalescer<T> {
  let waiting = new Map<string, T>();
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    if (waiting.size === 0) return;
    const items = [...waiting.values()];
    waiting = new Map();
    deliver(items);
  }

  return {
    push(items) {
      for (const item of items) {
        const key = keyOf(item);
        // Re-insert so the delivery order follows the latest update.
        waiting.delete(key);
        waiting.set(key, item);
      }
      if (!scheduled && waiting.size > 0) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    get size() {
      return waiting.size;
    },
  };
}

function defaultSchedule(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  else setTimeout(run, 16);
}
