/**
 * Pure LRU victim choice: walk entries from least recently used, skipping pinned ones, until
 * the total would be at or under the target.
 */
export function selectVictims<T extends { key: string; size: number }>(
  byLastAccessAsc: Iterable<T>,
  total: number,
  target: number,
  isPinned: (key: string) => boolean,
): T[] {
  const victims: T[] = [];
  let remaining = total;
  if (remaining <= target) return victims;
  for (const row of byLastAccessAsc) {
    if (remaining <= target) break;
    if (isPinned(row.key)) continue;
    victims.push(row);
    remaining -= row.size;
  }
  return victims;
}
