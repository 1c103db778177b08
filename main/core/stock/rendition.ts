/**
 * Which file of a stock video to download (pure): the orientation of the output if the site
 * has it, then the one nearest the output size from above — but never below 720 px on the
 * short side when a larger one exists (a 540p file upscaled to 1080 looks soft on a phone).
 */
import type { Rendition } from './types.js';

export const MIN_SHORT_SIDE = 720;

export function chooseRendition(renditions: readonly Rendition[], target: { width: number; height: number }): Rendition | null {
  const usable = renditions.filter((r) => r.url !== '' && r.width > 0 && r.height > 0);
  if (usable.length === 0) return null;
  const portrait = target.height > target.width;
  const square = target.height === target.width;
  const sameShape = square ? usable : usable.filter((r) => (r.height > r.width) === portrait && r.height !== r.width);
  const pool = sameShape.length > 0 ? sameShape : usable;
  const short = (r: Rendition): number => Math.min(r.width, r.height);
  const floor = Math.max(MIN_SHORT_SIDE, Math.min(target.width, target.height));
  const bigEnough = pool.filter((r) => short(r) >= floor).sort((a, b) => short(a) - short(b) || a.url.localeCompare(b.url));
  if (bigEnough.length > 0) return bigEnough[0] as Rendition;
  return [...pool].sort((a, b) => short(b) - short(a) || a.url.localeCompare(b.url))[0] as Rendition;
}
