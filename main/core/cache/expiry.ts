/**
 * Idle expiry and what happens when the clock is wrong.
 *
 * An entry expires when it has been idle (now − last access) for more than maxAgeMs.
 *
 * Clock rules (the clock is injectable and may jump):
 * - A negative age (the clock went backwards past an entry's last access) counts as 0: a
 *   backward jump never expires anything by itself.
 * - Entries stamped in the future would otherwise be immortal until the clock caught up (a
 *   year, after a one-year jump). So when the newest last access is ahead of now by more than
 *   CLOCK_SKEW_TOLERANCE_MS, the sweep moves every future stamp back by that lead:
 *   last_access := now − (newest − last_access). The newest entry becomes "just used", each
 *   entry keeps its idle time measured from the newest access, and LRU order among them is
 *   preserved. After a jump, nothing lives more than maxAgeMs past its real idle time, and
 *   nothing expires early.
 * - Small skews (NTP nudges) within the tolerance are left alone; they only shorten or lengthen
 *   an age by at most a minute.
 */

export const CLOCK_SKEW_TOLERANCE_MS = 60_000;

export function idleMs(lastAccess: number, now: number): number {
  return Math.max(0, now - lastAccess);
}

export function isExpired(lastAccess: number, now: number, maxAgeMs: number): boolean {
  return idleMs(lastAccess, now) > maxAgeMs;
}

/** Last access times strictly below this are expired. */
export function expiryCutoff(now: number, maxAgeMs: number): number {
  return now - maxAgeMs;
}

/** How far to move future stamps back, or 0 when the newest stamp is not meaningfully ahead. */
export function futureLead(newestLastAccess: number | null, now: number): number {
  if (newestLastAccess === null) return 0;
  const lead = newestLastAccess - now;
  return lead > CLOCK_SKEW_TOLERANCE_MS ? lead : 0;
}
