/**
 * The studio's outgoing event stream. Job and batch changes are coalesced by id and flushed
 * at most every `intervalMs` (200 ms: ≤ 5 messages a second whatever the batch size), each
 * flush carrying only what changed since the last one. Notices, cache and perf payloads go
 * out as they come (their producers already pace them).
 */
import { outsideJobs } from '../batch/job-scope.js';
import type { BatchView, EventName, EventPayloads, JobView } from '../contract.js';

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly jobs = new Map<string, JobView>();
  private readonly batches = new Map<string, BatchView>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlushAt = -Infinity;

  constructor(private readonly intervalMs = 200, private readonly now: () => number = Date.now) {}

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => {
      set.delete(listener as Listener<EventName>);
    };
  }

  hasListeners(event: EventName): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch {
        // A broken listener (a closed socket) must not stop the others or the queue.
      }
    }
  }

  jobChanged(view: JobView): void {
    this.jobs.set(view.id, view);
    this.schedule();
  }

  batchChanged(view: BatchView): void {
    this.batches.set(view.id, view);
    this.schedule();
  }

  /** Sends anything held now (e.g. before shutdown, or in tests). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastFlushAt = this.now();
    if (this.jobs.size > 0) {
      const jobs = [...this.jobs.values()];
      this.jobs.clear();
      this.emit('jobs', { jobs });
    }
    if (this.batches.size > 0) {
      const batches = [...this.batches.values()];
      this.batches.clear();
      this.emit('batches', { batches });
    }
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.jobs.clear();
    this.batches.clear();
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastFlushAt + this.intervalMs - this.now());
    // One timer for every job's changes: not the job whose progress happened to start it.
    this.timer = outsideJobs(() => setTimeout(() => this.flush(), wait));
  }
}
