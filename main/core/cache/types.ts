/** Stage types that own entries. `video` is the whole-video key (a lookup of every stage key). */
export type CacheEntryType =
  | 'script'
  | 'ideas'
  | 'virality'
  | 'voice'
  | 'captions'
  | 'background'
  | 'compile'
  | 'thumbnail'
  | 'video'
  /** Shots (#11): the picture track's key, a stock site's search answer (24 h), a downloaded stock file, a vision description, an embedding. */
  | 'shots'
  | 'stock-search'
  | 'stock-file'
  | 'vision'
  | 'embedding'
  /** A voice's measured speaking pace (sizes scripts to the length asked for). */
  | 'pace'
  /** The sound plan: loudness measurements, the music pick and the master gain. */
  | 'sound'
  /** A creator's own voice-over, decoded (and pauses trimmed) with its word timings. */
  | 'recording'
  /** Bare content by its sha256 (the farm: uploads, and inputs a worker pulled from the controller). */
  | 'blob'
  /** A file's content sha256, remembered by its path, size and mtime so it is read once. */
  | 'digest'
  | 'test';

export interface CacheLimits {
  /** Bytes. Default 5 GiB. Eviction (LRU) brings the total down to 90 % of this. */
  maxSize: number;
  /** Milliseconds an entry may stay idle. Default 7 days. */
  maxAgeMs: number;
}

export interface PutOptions {
  /** How long the value took to compute: a later hit reports it as time saved. */
  computeMs: number;
  /** What computing it cost (USD): a later hit reports it as cost saved. */
  costUsd?: number;
  /** Small JSON stored with the row (e.g. voice timings, media duration). */
  meta?: unknown;
  /**
   * putFile only: the file's sha256 (hex) if the producer already hashed it while writing (a
   * worker, off the main thread). Otherwise the store reads the file once to hash it.
   */
  sha256?: string;
}

export interface CacheHitBase {
  key: string;
  type: CacheEntryType;
  size: number;
  computeMs: number;
  costUsd: number;
  meta: unknown;
}

export interface JsonHit<T> extends CacheHitBase {
  value: T;
}

export interface FileHit extends CacheHitBase {
  /** Absolute path of the blob. Read-only: copy it out, never link or edit it. */
  path: string;
  /** SHA-256 of the content, as recorded when it was stored (null only for rows that predate it). */
  sha256: string | null;
}

export interface CacheStatsByType {
  entries: number;
  size: number;
  hits: number;
}

export interface CacheStats {
  entries: number;
  totalSize: number;
  maxSize: number;
  totalHits: number;
  misses: number;
  hitRate: number; // 0..1, hits / (hits + misses) since the cache was created
  oldestEntry: number | null; // epoch ms (created)
  newestEntry: number | null;
  byType: Record<string, CacheStatsByType>;
  timeSavedMs: number;
  costSaved: number; // USD
}

export interface VerifyReport {
  checked: number;
  removed: { key: string; type: string; reason: string }[];
  orphanBlobsRemoved: number;
  tempFilesRemoved: number;
  /**
   * Problems PRAGMA quick_check found in cache.db itself (empty when sound). A damaged index
   * cannot be repaired in place: the store skips the clean-shutdown marker so the next start
   * checks it again and sets it aside.
   */
  indexProblems?: string[];
}

export interface PruneReport {
  expired: number;
  evicted: number;
  bytesFreed: number;
}

/** What CacheStore.open did to get the cache into a trusted state. */
export interface CacheStartupReport {
  /** clean: the last session closed properly (cheap checks only); unclean: it did not (full reconcile); recovered: cache.db was damaged and set aside. */
  mode: 'clean' | 'unclean' | 'recovered';
  /** Where a damaged cache.db was moved, when mode is 'recovered'. */
  setAsidePath: string | null;
  rowsDropped: number;
  orphanBlobsRemoved: number;
  tempFilesRemoved: number;
  pruned: PruneReport;
  ms: number;
}
