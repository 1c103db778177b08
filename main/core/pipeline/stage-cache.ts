/**
 * The one place a pipeline stage meets the cache: derive the key, look it up, otherwise compute
 * under single flight, store, and report hit/miss with the time it saved. Stages stay free of
 * cache mechanics.
 */
import { cacheKey } from '../cache/key.js';
import type { CacheStore } from '../cache/store.js';
import type { CacheEntryType, FileHit, PutOptions } from '../cache/types.js';
import type { StageReport, StageName } from './types.js';

/**
 * A render farm's shared cache behind this one (main/core/farm/remote-cache.ts): a local miss
 * is first asked of the farm, and a result found or computed here is delivered to it, so a stage
 * done on one machine is a hit on every other.
 */
export interface StageRemote {
  /** Copies the farm's entry into the local cache; false when the farm has none. */
  pullJson(key: string): Promise<boolean>;
  pullFile(key: string): Promise<boolean>;
  /** Delivers an entry to the farm (first write wins there). */
  pushJson(key: string, type: CacheEntryType, value: unknown, opts: PutOptions): Promise<void>;
  pushFile(key: string, hit: FileHit): Promise<void>;
}

export interface StageCacheContext {
  cache: CacheStore;
  noCache: boolean;
  /** Keys pinned for this render; released when it ends. */
  pinned: Set<string>;
  /** Set on a farm worker. */
  remote?: StageRemote;
}

export interface Computed<T> {
  value: T;
  costUsd?: number;
  meta?: unknown;
}

export interface Cached<T> {
  value: T;
  key: string;
  report: StageReport;
}

function pin(ctx: StageCacheContext, key: string): void {
  if (ctx.pinned.has(key)) return;
  ctx.cache.pin(key);
  ctx.pinned.add(key);
}

export function releasePins(ctx: StageCacheContext): void {
  for (const key of ctx.pinned) ctx.cache.unpin(key);
  ctx.pinned.clear();
}

export function stageKey(type: CacheEntryType, version: number, inputs: unknown): string {
  return cacheKey(type, version, inputs);
}

/** A JSON-valued stage (script, ideas, virality, captions, background probe). */
export async function cachedJson<T>(
  ctx: StageCacheContext,
  stage: StageName,
  type: CacheEntryType,
  key: string,
  compute: () => Promise<Computed<T>>,
): Promise<Cached<T>> {
  const started = performance.now();
  if (!ctx.noCache) {
    let hit = ctx.cache.getJson<T>(key);
    let pulled = false;
    if (hit === null && ctx.remote && await ctx.remote.pullJson(key)) {
      hit = ctx.cache.getJson<T>(key);
      pulled = true;
    }
    if (hit !== null) {
      // The farm may lack what this machine had already (another controller, a cleared cache).
      if (ctx.remote && !pulled) await ctx.remote.pushJson(key, type, hit.value, { computeMs: hit.computeMs, costUsd: hit.costUsd, meta: hit.meta });
      pin(ctx, key);
      return {
        value: hit.value,
        key,
        report: {
          stage, status: 'cached', key, ms: performance.now() - started,
          savedMs: hit.computeMs, costUsd: 0, costSavedUsd: hit.costUsd,
        },
      };
    }
  }
  const { value, costUsd } = await ctx.cache.singleFlight(key, async () => {
    const t0 = performance.now();
    const computed = await compute();
    const computeMs = performance.now() - t0;
    ctx.cache.putJson(key, type, computed.value, { computeMs, costUsd: computed.costUsd ?? 0, meta: computed.meta });
    await ctx.remote?.pushJson(key, type, computed.value, { computeMs, costUsd: computed.costUsd ?? 0, meta: computed.meta });
    return computed;
  });
  pin(ctx, key);
  return {
    value, key,
    report: { stage, status: 'done', key, ms: performance.now() - started, costUsd: costUsd ?? 0 },
  };
}

export interface FileComputed {
  /** A file written under cache.tmpPath(), moved into the cache by the store. */
  tempPath: string;
  costUsd?: number;
  meta?: unknown;
}

/** A file-valued stage (voice WAV, compiled MP4, thumbnail). */
export async function cachedFile(
  ctx: StageCacheContext,
  stage: StageName,
  type: CacheEntryType,
  key: string,
  compute: () => Promise<FileComputed>,
): Promise<{ hit: FileHit; report: StageReport }> {
  const started = performance.now();
  if (!ctx.noCache) {
    let hit = ctx.cache.getFile(key);
    let pulled = false;
    if (hit === null && ctx.remote && await ctx.remote.pullFile(key)) {
      hit = ctx.cache.getFile(key);
      pulled = true;
    }
    if (hit !== null) {
      if (ctx.remote && !pulled) await ctx.remote.pushFile(key, hit);
      pin(ctx, key);
      return {
        hit,
        report: {
          stage, status: 'cached', key, ms: performance.now() - started,
          savedMs: hit.computeMs, costUsd: 0, costSavedUsd: hit.costUsd,
        },
      };
    }
  }
  const hit = await ctx.cache.singleFlight(key, async () => {
    const t0 = performance.now();
    const computed = await compute();
    const computeMs = performance.now() - t0;
    ctx.cache.putFile(key, type, computed.tempPath, { computeMs, costUsd: computed.costUsd ?? 0, meta: computed.meta });
    const stored = ctx.cache.peekFile(key);
    if (stored === null) throw new Error(`The cache lost the ${type} it just stored (${key.slice(0, 12)}…): run "reelforge cache verify".`);
    await ctx.remote?.pushFile(key, stored);
    return stored;
  });
  pin(ctx, key);
  return { hit, report: { stage, status: 'done', key, ms: performance.now() - started, costUsd: hit.costUsd } };
}
