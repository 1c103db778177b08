/**
 * Which part of a creator's clip plays under the voice. A clip shorter than needed loops from
 * the start; a longer one contributes a segment chosen by the seed, so `--seed N` reproduces it.
 */
export interface Segment {
  startSec: number;
  loop: boolean;
}

/** mulberry32: a tiny, well-distributed PRNG; the same seed gives the same start everywhere. */
export function seededFraction(seed: number): number {
  let t = (seed >>> 0) + 0x6d2b79f5;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function chooseSegment(clipSec: number, neededSec: number, seed: number): Segment {
  if (!(clipSec > 0)) return { startSec: 0, loop: true };
  // A little slack so a seek near the end never runs out of frames before the cut.
  const slack = 0.25;
  if (clipSec < neededSec + slack) return { startSec: 0, loop: true };
  const room = clipSec - neededSec - slack;
  const start = Math.floor(seededFraction(seed) * room * 100) / 100;
  return { startSec: start, loop: false };
}
