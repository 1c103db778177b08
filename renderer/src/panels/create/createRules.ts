/** Pure rules behind the Create form, unit-tested. */

/** Validates duration text: whole seconds 5–180, the range the pipeline accepts. */
export function parseDuration(text: string): number | string {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return 'Duration must be a number of seconds.';
  if (n < 5 || n > 180) return 'Duration must be between 5 and 180 seconds.';
  return Math.round(n);
}

export const GENRES = ['facts', 'story', 'motivation', 'history', 'science', 'tech', 'finance', 'comedy', 'horror', 'lifehack'];
