/** Fixed-length rolling history for live charts: newest last, oldest dropped. */
export function pushSample<T extends { at: number }>(history: readonly T[], sample: T, max: number): T[] {
  const last = history[history.length - 1];
  // A repeated snapshot (event and poll answering with the same `at`) replaces, not duplicates.
  if (last && last.at === sample.at) return [...history.slice(0, -1), sample];
  if (last && sample.at < last.at) return history as T[];
  const next = history.length >= max ? history.slice(history.length - max + 1) : history.slice();
  next.push(sample);
  return next;
}
