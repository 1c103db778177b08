/**
 * Per-key update throttling: at most one flush per key per `intervalMs`, the latest state
 * wins (the flush callback reads current state, so held updates coalesce for free), and an
 * urgent update (a status change) flushes at once. This is what keeps a 1,000-job batch
 * from sending thousands of progress messages a second to the renderer or the terminal.
 */
import { outsideJobs } from './job-scope.js';

export class UpdateThrottle<K> {
  private readonly lastAt = new Map<K, number>();
  private readonly pending = new Map<K, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (key: K) => void,
    private readonly now: () => number = Date.now,
  ) {}

  update(key: K, urgent = false): void {
    const last = this.lastAt.get(key);
    const elapsed = last === undefined ? Infinity : this.now() - last;
    if (urgent || elapsed >= this.intervalMs) {
      this.fire(key);
      return;
    }
    if (this.pending.has(key)) return; // already scheduled: it will read the newest state
    // The queue's own timer, whichever job's progress asked for it (job-scope.ts).
    this.pending.set(key, outsideJobs(() => setTimeout(() => this.fire(key), this.intervalMs - elapsed)));
  }

  /** Flush whatever is held for `key` now (e.g. before it is forgotten). */
  flushNow(key: K): void {
    if (this.pending.has(key)) this.fire(key);
  }

  forget(key: K): void {
    const t = this.pending.get(key);
    if (t !== undefined) clearTimeout(t);
    this.pending.delete(key);
    this.lastAt.delete(key);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.lastAt.clear();
  }

  private fire(key: K): void {
    const t = this.pending.get(key);
    if (t !== undefined) clearTimeout(t);
    this.pending.delete(key);
    this.lastAt.set(key, this.now());
    this.flush(key);
  }
}
