/**
 * Slots + ranked candidates → the shot plan (pure, deterministic for a seed). Each slot takes
 * its best candidate by tier then score, skipping any clip already on screen while an unused
 * match remains; then a used clip's unused scene; only then a repeat. The in-point lies inside
 * one scene, never across a cut: a scene long enough plays at normal speed, one a little short
 * plays slower (down to 0.7×), a one-scene clip shorter than its shot loops, anything shorter
 * still holds its last frame (never black). Stills alternate a slow push-in and pull-out.
 */
import { seededFraction } from '../pipeline/segment.js';
import type { Candidate, SceneSpan, Shot, Slot, Treatment } from './types.js';

/** Slowest playback a short scene gets before it holds its last frame instead. */
export const MIN_SPEED = 0.7;
/** Keep away from a scene's first and last frames: a cut's neighbour can leak into them. */
const SCENE_MARGIN_SEC = 0.08;

export interface AssignOptions {
  seed: number;
  /** Extra seconds each shot shows beyond its slot (a cross-dissolve's overlap): in-points leave room for it. */
  padSec?: number;
}

/** A stable 32-bit hash of a string, mixed with the seed: the same inputs pick the same way. */
function seeded(seed: number, key: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return seededFraction(h >>> 0);
}

/** Scenes of a clip, the whole clip when it has none listed. */
export function scenesOf(c: Pick<Candidate, 'scenes' | 'durationSec'>): SceneSpan[] {
  return c.scenes.length > 0 ? c.scenes : [{ startSec: 0, endSec: c.durationSec }];
}

/** Tier first, then score, then a seeded tie-break (so equal candidates vary with --seed, not with input order). */
export function rankCandidates(cands: readonly Candidate[], seed: number, slotIndex: number): Candidate[] {
  return [...cands].sort((a, b) => a.tier - b.tier || b.score - a.score || seeded(seed, `${slotIndex}:${a.id}`) - seeded(seed, `${slotIndex}:${b.id}`) || a.id.localeCompare(b.id));
}

interface Usage {
  clips: Map<string, number>;
  scenes: Set<string>;
}

function sceneKey(id: string, i: number): string {
  return `${id}#${i}`;
}

function sceneFits(s: SceneSpan, dur: number): boolean {
  return s.endSec - s.startSec >= dur * MIN_SPEED;
}

/** The scene to play for `dur` seconds: long enough first, unused next, best-matching, seeded. */
function chooseScene(c: Candidate, dur: number, usage: Usage, seed: number, slot: number): { scene: SceneSpan; index: number } {
  const scenes = scenesOf(c).map((scene, index) => ({ scene, index, unused: !usage.scenes.has(sceneKey(c.id, index)), fits: sceneFits(scene, dur) }));
  scenes.sort((a, b) =>
    Number(b.fits) - Number(a.fits)
    || Number(b.unused) - Number(a.unused)
    || (b.scene.score ?? 0) - (a.scene.score ?? 0)
    || (a.fits ? 0 : (b.scene.endSec - b.scene.startSec) - (a.scene.endSec - a.scene.startSec))
    || seeded(seed, `${slot}:${c.id}:${a.index}`) - seeded(seed, `${slot}:${c.id}:${b.index}`));
  return scenes[0] as { scene: SceneSpan; index: number };
}

/**
 * What a candidate offers a shot of `dur` seconds: 4 an unused picture that fills it, 3 an
 * unused clip whose scenes are all too short (it holds its last frame), 2 an unseen scene of a
 * used clip, 1 the built-in look, 0 only a repeat. Rank order decides within a level.
 */
function freshness(c: Candidate, dur: number, usage: Usage): 0 | 1 | 2 | 3 | 4 {
  if (c.kind === 'builtin') return 1;
  const fresh = !usage.clips.has(c.id);
  if (c.kind === 'still') return fresh ? 4 : 0;
  const scenes = scenesOf(c);
  if (fresh) return scenes.length === 1 || scenes.some((s) => sceneFits(s, dur)) ? 4 : 3;
  return scenes.length > 1 && scenes.some((s, i) => !usage.scenes.has(sceneKey(c.id, i)) && sceneFits(s, dur)) ? 2 : 0;
}

export function assignShots(slots: readonly Slot[], candidates: readonly (readonly Candidate[])[], o: AssignOptions): Shot[] {
  const usage: Usage = { clips: new Map(), scenes: new Set() };
  let stills = 0;
  return slots.map((slot) => {
    const ranked = rankCandidates(candidates[slot.index] ?? [], o.seed, slot.index);
    const slotSec = slot.endSec - slot.startSec;
    const dur = slotSec + (o.padSec ?? 0);
    // Unused pictures first, then unseen scenes, then the built-in look, then the least-repeated; rank order within each.
    let pick: Candidate | undefined;
    for (const level of [4, 3, 2, 1] as const) {
      pick = ranked.find((c) => freshness(c, dur, usage) === level);
      if (pick) break;
    }
    pick ??= [...ranked].sort((a, b) => (usage.clips.get(a.id) ?? 0) - (usage.clips.get(b.id) ?? 0))[0];
    if (!pick) throw new RangeError(`Slot ${slot.index} has no candidate: the built-in look must always be offered.`);
    usage.clips.set(pick.id, (usage.clips.get(pick.id) ?? 0) + 1);

    let inSec = 0;
    let speed = 1;
    let loop = false;
    let treatment: Treatment = 'cover';
    if (pick.kind === 'clip') {
      const { scene, index } = chooseScene(pick, dur, usage, o.seed, slot.index);
      usage.scenes.add(sceneKey(pick.id, index));
      const sceneLen = scene.endSec - scene.startSec;
      const single = scenesOf(pick).length === 1;
      const room = sceneLen - dur - 2 * SCENE_MARGIN_SEC;
      if (room >= 0) {
        inSec = scene.startSec + SCENE_MARGIN_SEC + Math.floor(seeded(o.seed, `${slot.index}:in:${pick.id}`) * room * 100) / 100;
      } else if (single && sceneLen < dur * MIN_SPEED) {
        loop = true;
        inSec = 0;
      } else {
        inSec = scene.startSec + Math.min(SCENE_MARGIN_SEC, Math.max(0, sceneLen - dur) / 2);
        speed = Math.max(MIN_SPEED, Math.min(1, Math.floor(((sceneLen - (inSec - scene.startSec)) / dur) * 1000) / 1000));
      }
    } else if (pick.kind === 'still') {
      treatment = stills++ % 2 === 0 ? 'push-in' : 'pull-out';
    }
    return {
      startSec: slot.startSec,
      durationSec: Math.round(slotSec * 1e6) / 1e6,
      sentences: slot.sentences,
      text: slot.text,
      candidateId: pick.id,
      source: pick.source,
      kind: pick.kind,
      path: pick.kind === 'builtin' ? null : pick.path,
      builtin: pick.kind === 'builtin' ? pick.id.replace(/^builtin:/, '') : null,
      inSec: Math.round(inSec * 1000) / 1000,
      speed,
      loop,
      treatment,
      score: Math.round(pick.score * 1000) / 1000,
      reason: pick.reason,
      label: pick.label,
      thumbnail: pick.thumbnail,
      credit: pick.credit,
    };
  });
}

/**
 * One shot given another picture (the creator's choice in the strip): the same stretch of
 * narration, the in-point, speed and move worked out as the planner would.
 */
export function reassignShot(shot: Shot, candidate: Candidate, seed: number, index: number): Shot {
  const slot: Slot = { index: 0, startSec: shot.startSec, endSec: shot.startSec + shot.durationSec, sentences: shot.sentences, text: shot.text, sentenceText: shot.text };
  const [next] = assignShots([slot], [[candidate]], { seed });
  if (!next) throw new RangeError('reassignShot: no shot');
  // Stills alternate their move along the video: keep the rhythm by position.
  const treatment = next.kind === 'still' ? (index % 2 === 0 ? 'push-in' : 'pull-out') : next.treatment;
  return { ...next, startSec: shot.startSec, durationSec: shot.durationSec, treatment };
}
