/**
 * Who is on the farm. Each worker keeps one small JSON record in Redis (`rf:farm:worker:<id>`)
 * with a TTL, refreshed by a heartbeat: its capabilities (slots, tags, ffmpeg build, voices,
 * platform), what it is doing and how it is doing. A worker that dies stops refreshing and its
 * record expires; the controller and the UI list what is there. Like Flamenco's worker list
 * and OpenCue's RQD pings (render-farm.md §4), without a second store: Redis already is one.
 */
import type { Redis } from 'ioredis';
import type { FarmWorkerView } from '../contract.js';
import { FARM_PREFIX } from './farm-options.js';

/** What Settings shows of a worker (contract.ts), plus what only the farm needs. */
export interface WorkerInfo extends Omit<FarmWorkerView, 'health' | 'seenSecAgo'> {
  pid: number;
  version: string;
  /** Failures in a row that were not the job's own fault; 3 pause the worker. */
  failuresInRow: number;
  startedAt: number;
  seenAt: number;
}

export type WorkerHealth = FarmWorkerView['health'];

const KEY_PREFIX = `${FARM_PREFIX}:farm:worker:`;

export function registryKey(id: string): string {
  return `${KEY_PREFIX}${id}`;
}

/** From the record alone: paused wins, then a heartbeat older than two intervals, then whether it works. */
export function healthOf(w: WorkerInfo, now: number, heartbeatMs: number): WorkerHealth {
  if (w.paused !== null) return 'paused';
  if (now - w.seenAt > 2 * heartbeatMs) return 'stale';
  return w.running.length > 0 ? 'busy' : 'idle';
}

/** Keeps one worker's record fresh. */
export class RegistryRecord {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    readonly info: WorkerInfo,
    private readonly ttlMs: number,
    private readonly log?: (line: string) => void,
  ) {}

  start(heartbeatMs: number): void {
    void this.write();
    this.timer = setInterval(() => void this.write(), heartbeatMs);
    this.timer.unref();
  }

  update(patch: Partial<WorkerInfo>): void {
    Object.assign(this.info, patch);
    void this.write();
  }

  private write(): Promise<void> {
    // One write at a time, in order: a late heartbeat must not overwrite a newer state.
    this.writing = this.writing.then(async () => {
      this.info.seenAt = Date.now();
      try {
        await this.redis.set(registryKey(this.info.id), JSON.stringify(this.info), 'PX', this.ttlMs);
      } catch (err) {
        this.log?.(`[farm] registry update failed (Redis unreachable?): ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return this.writing;
  }

  /** Stops the heartbeat and removes the record (a clean exit; a crash lets it expire). */
  async remove(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
    await this.redis.del(registryKey(this.info.id)).catch(() => undefined);
  }
}

/** Every live worker record, by name then id. */
export async function listWorkers(redis: Redis): Promise<WorkerInfo[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${KEY_PREFIX}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  const out: WorkerInfo[] = [];
  for (const v of values) {
    if (v === null) continue;
    try {
      out.push(JSON.parse(v) as WorkerInfo);
    } catch {
      // a foreign or half-written key: not a worker
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
