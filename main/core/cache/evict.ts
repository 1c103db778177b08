/**
 * LRU victim selection, pure so the rule can be model-checked without a database.
 *
 * When the total passes maxSize, entries are evicted least-recently-used first until the total
 * is at most 90 % of maxSize (ccache and Chromium trim to 90 % so the next few puts don't each
 * trigger another eviction). Pinned entries — the inputs and outputs of running jobs — are
 * skipped, never evicted; if only pinned bytes remain the cache stays over its cap until they
 * are released (the next put or prune then trims it).
 */

export const EVICT_TO_FRACTION = 0.9;

export interface EvictionCandidate {
  key: string;
  size: number;
}

/** Bytes to free so that `total` ends at or below the low-water mark; 0 when not over maxSize. */
export function bytesOverTarget(total: number, maxSize: number): number {
  if (total <= maxSize) return 0;
  return total - Math.floor(maxSize * EVICT_TO_FRACTION);
}

/**
 * Walks `oldestFirst` (ordered by last access, then key) and takes unprotected entries until
 * `bytesToFree` is covered. Consumes the iterable lazily and stops early, so a SQL cursor over
 * 100k rows reads only as far as it must.
 */
export function chooseVictims<C extends EvictionCandidate>(
  oldestFirst: Iterable<C>,
  bytesToFree: number,
  isProtected: (key: string) => boolean,
): C[] {
  const victims: C[] = [];
  if (bytesToFree <= 0) return victims;
  let freed = 0;
  for (const c of oldestFirst) {
    if (isProtected(c.key)) continue;
    victims.push(c);
    freed += c.size;
    if (freed >= bytesToFree) break;
  }
  return victims;
}
