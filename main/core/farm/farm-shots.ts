/**
 * A shot plan as it travels to a farm worker, and back (pure). The controller plans the shots
 * (it has the footage library and the stock keys); the worker renders the plan as written. On
 * the way out every file becomes its content digest and everything that could name this
 * machine (paths, thumbnails, a chosen file's candidate id, the request's music) stays behind;
 * on the way back the worker's copies are named by digest again, and the controller puts its
 * own plan, with the worker's timings, in the manifest the creator gets.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { PlanRequest, Shot, ShotPlan } from '../shots/types.js';
import { digestRefSchema, type DigestRef } from './blob-protocol.js';

const creditSchema = z.object({
  provider: z.enum(['pexels', 'pixabay']),
  author: z.string().max(200),
  authorUrl: z.string().max(2000).nullable(),
  pageUrl: z.string().max(2000),
  licence: z.string().max(500),
});

const farmShotSchema = z.object({
  durationSec: z.number().positive().max(600),
  kind: z.enum(['clip', 'still', 'builtin']),
  source: z.enum(['library', 'stock', 'builtin', 'user']),
  /** The clip or still by content; null for a built-in look. */
  file: digestRefSchema.nullable(),
  builtin: z.string().max(100).nullable(),
  inSec: z.number().min(0),
  speed: z.number().min(0.25).max(1),
  loop: z.boolean(),
  treatment: z.enum(['cover', 'push-in', 'pull-out']),
  sentences: z.array(z.number().int().min(0)).max(500),
  /** A stock shot's author and licence: the worker's manifest lists the credits. */
  credit: creditSchema.nullable(),
});

export const farmShotsSchema = z.object({
  seed: z.number().int(),
  transition: z.enum(['cut', 'fade']),
  totalSec: z.number().min(0).max(3600),
  fps: z.number().positive().max(240),
  shots: z.array(farmShotSchema).min(1).max(500),
});
export type FarmShots = z.infer<typeof farmShotsSchema>;

/** The controller's plan → the payload's: `refs` names every file the plan shows by content. */
export function toFarmShots(plan: ShotPlan, refs: ReadonlyMap<string, DigestRef>): FarmShots {
  return {
    seed: plan.seed, transition: plan.transition, totalSec: plan.totalSec, fps: plan.fps,
    shots: plan.shots.map((s, i) => {
      const file = s.path === null ? null : refs.get(s.path);
      if (file === undefined) throw new UserError('internal', `Shot ${i + 1}'s file was not taken in for the farm.`);
      return {
        durationSec: s.durationSec, kind: s.kind, source: s.source, file: s.kind === 'builtin' ? null : file, builtin: s.builtin,
        inSec: s.inSec, speed: s.speed, loop: s.loop, treatment: s.treatment, sentences: s.sentences, credit: s.credit,
      };
    }),
  };
}

/** The payload's plan → a plan the worker renders as written, each file at `localPath(digest)`. */
export function fromFarmShots(f: FarmShots, localPath: (ref: DigestRef) => string): ShotPlan {
  let start = 0;
  const shots = f.shots.map((s, i): Shot => {
    const shot: Shot = {
      startSec: start, durationSec: s.durationSec, sentences: s.sentences, text: '', candidateId: `farm:${i}`, source: s.source, kind: s.kind,
      path: s.file ? localPath(s.file) : null, builtin: s.builtin, inSec: s.inSec, speed: s.speed, loop: s.loop, treatment: s.treatment,
      score: 0, reason: '', label: '', thumbnail: null, credit: s.credit,
    };
    start += s.durationSec;
    return shot;
  });
  return { version: 1, seed: f.seed, transition: f.transition, totalSec: f.totalSec, fps: f.fps, shots };
}

/** The worker's rendered plan, its files named `sha256:<hex>` (no path of the worker), without the request (the controller has it). */
export function portableShots(plan: ShotPlan, digestOf: ReadonlyMap<string, string>): ShotPlan {
  const { request: _request, ...rest } = plan;
  return { ...rest, shots: plan.shots.map((s) => ({ ...s, path: s.path === null ? null : `sha256:${digestOf.get(s.path) ?? 'unknown'}`, thumbnail: null })) };
}

/**
 * The plan for the creator's manifest and `<slug>.shots.json`: the controller's own shots (its
 * paths, thumbnails, labels, reasons) with the lengths the worker rendered them at.
 */
export function localShots(rendered: ShotPlan, planned: ShotPlan, request: PlanRequest): ShotPlan {
  if (rendered.shots.length !== planned.shots.length) return { ...planned, request };
  return {
    ...planned, totalSec: rendered.totalSec,
    shots: planned.shots.map((s, i) => ({ ...s, startSec: rendered.shots[i]?.startSec ?? s.startSec, durationSec: rendered.shots[i]?.durationSec ?? s.durationSec })),
    request,
  };
}
