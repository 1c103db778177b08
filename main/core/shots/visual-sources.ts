/** `--visuals library,stock,builtin`: which sources shots come from, in order (pure). */
import { UserError } from '../errors.js';
import { VISUAL_SOURCES, type VisualSource } from './types.js';

export function parseVisuals(value: string | readonly string[], subject = '--visuals'): VisualSource[] {
  const parts = (typeof value === 'string' ? value.split(',') : [...value]).map((p) => p.trim().toLowerCase()).filter(Boolean);
  if (parts.length === 0) throw new UserError('usage', `${subject} is empty: name one or more of ${VISUAL_SOURCES.join(', ')} (e.g. library,stock,builtin).`, subject);
  const out: VisualSource[] = [];
  for (const p of parts) {
    if (!(VISUAL_SOURCES as readonly string[]).includes(p)) {
      throw new UserError('usage', `${subject}: "${p}" is not a source; use ${VISUAL_SOURCES.join(', ')} in the order you want them tried.`, subject);
    }
    if (!out.includes(p as VisualSource)) out.push(p as VisualSource);
  }
  return out;
}

/** Library when it has a good match, then stock when a key is set, then the built-in look. */
export const DEFAULT_VISUALS: readonly VisualSource[] = ['library', 'stock', 'builtin'];

/**
 * Whether a render plans shots: an edited plan, or no clip named for the whole video (the
 * built-in background is then the look for shots nothing matches). `--background FILE` keeps
 * one clip for the whole video, as before.
 */
export function usesShots(req: { background: string; shots?: unknown }): boolean {
  return req.shots !== undefined || req.background.startsWith('builtin:');
}
