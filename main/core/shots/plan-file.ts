/**
 * `<slug>.shots.json`: the plan as the creator may edit it (swap a clip, move an in-point,
 * change a length) and render as written with `--shots FILE`. Validated here, with errors that
 * name the file, the shot and the field.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { ShotPlan } from './types.js';

const credit = z.object({
  provider: z.enum(['pexels', 'pixabay']),
  author: z.string().max(200),
  authorUrl: z.string().max(2000).nullable(),
  pageUrl: z.string().max(2000),
  licence: z.string().max(500),
});

export const shotSchema = z.object({
  startSec: z.number().min(0).optional(),
  durationSec: z.number().positive().max(600),
  sentences: z.array(z.number().int().min(0)).default([]),
  text: z.string().max(5000).default(''),
  candidateId: z.string().max(300).default('user'),
  source: z.enum(['library', 'stock', 'builtin', 'user']).default('user'),
  kind: z.enum(['clip', 'still', 'builtin']),
  path: z.string().max(4096).nullable().default(null),
  builtin: z.string().max(100).nullable().default(null),
  inSec: z.number().min(0).default(0),
  speed: z.number().min(0.25).max(1).default(1),
  loop: z.boolean().default(false),
  treatment: z.enum(['cover', 'push-in', 'pull-out']).default('cover'),
  score: z.number().default(0),
  reason: z.string().max(500).default(''),
  label: z.string().max(500).default(''),
  thumbnail: z.string().max(4096).nullable().default(null),
  credit: credit.nullable().default(null),
  download: z.object({ url: z.string().url().max(4000), width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
}).superRefine((s, ctx) => {
  if (s.kind === 'builtin' && !s.builtin) ctx.addIssue({ code: 'custom', message: 'a builtin shot needs "builtin": the look\'s name (e.g. "aurora")', path: ['builtin'] });
  if (s.kind !== 'builtin' && !s.path) ctx.addIssue({ code: 'custom', message: `a ${s.kind} shot needs "path": the file to show`, path: ['path'] });
});

const planRequest = z.object({
  topic: z.string().max(500).optional(),
  script: z.string().max(20_000).optional(),
  genre: z.string().max(100).optional(),
  duration: z.number().min(5).max(180).optional(),
  voice: z.string().max(200).optional(),
  preset: z.enum(['shorts', 'tiktok', 'reels', 'square', 'landscape']).optional(),
  music: z.string().max(4096).optional(),
  seed: z.number().int().optional(),
  captionStyle: z.string().max(50).optional(),
  provider: z.string().max(50).optional(),
});

export const shotPlanSchema = z.object({
  version: z.literal(1),
  seed: z.number().int().default(1),
  transition: z.enum(['cut', 'fade']).default('cut'),
  totalSec: z.number().positive().optional(),
  fps: z.number().positive().default(30),
  shots: z.array(shotSchema).min(1).max(500),
  request: planRequest.optional(),
});

/** Read and check a plan file; a relative `path` in a shot is taken from the plan's folder. */
export async function readShotPlan(file: string): Promise<ShotPlan> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    throw new UserError('input', `Shot plan ${abs} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path given to --shots.`, abs);
  }
  return parseShotPlan(text, abs);
}

export function parseShotPlan(text: string, file: string): ShotPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError('input', `Shot plan ${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}): fix it, or render again without --shots to get a fresh one.`, file);
  }
  const parsed = shotPlanSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `#${p + 1}` : String(p))).join(' ').replace(/^shots #(\d+)/, 'shot $1');
    throw new UserError('input', `Shot plan ${file}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}.`, file);
  }
  const dir = path.dirname(file);
  let start = 0;
  const shots = parsed.data.shots.map((s) => {
    const shot = { ...s, startSec: start, path: s.path === null ? null : path.resolve(dir, s.path) };
    start += s.durationSec;
    return shot;
  });
  return {
    version: 1, seed: parsed.data.seed, transition: parsed.data.transition, fps: parsed.data.fps, totalSec: Math.round(start * 1000) / 1000, shots,
    ...(parsed.data.request ? { request: parsed.data.request } : {}),
  };
}
