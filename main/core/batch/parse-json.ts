/**
 * `.json` input: an array of job specs (or `{ "jobs": [...] }`). Each entry is checked with
 * the contract's schema; a bad entry is reported with its index and fails alone.
 */
import { z } from 'zod';
import { jobSpecSchema } from '../contract.js';
import type { JobSpec } from '../pipeline/types.js';
import { checkSpec, resolveMediaPath } from './spec-check.js';
import type { ParseResult } from './types.js';

/** Entries may also pin a seed; unknown keys are typos, so they are errors. */
const entrySchema = jobSpecSchema.extend({
  seed: z.number().int().min(0).max(2 ** 31).optional(),
}).strict();

export function parseJson(text: string, label: string, baseDir: string): ParseResult {
  const out: ParseResult = { jobs: [], errors: [] };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    out.errors.push({ source: label, message: `not valid JSON (${err instanceof Error ? err.message : String(err)})` });
    return out;
  }
  const entries = Array.isArray(data) ? data : (data !== null && typeof data === 'object' && Array.isArray((data as { jobs?: unknown }).jobs) ? (data as { jobs: unknown[] }).jobs : null);
  if (entries === null) {
    out.errors.push({ source: label, message: 'expected an array of jobs, e.g. [{"topic": "Why cats purr", "duration": 30}]' });
    return out;
  }
  entries.forEach((entry, i) => {
    const source = `${label}[${i}]`;
    // A bare string is a topic: ["Why cats purr", "How bees dance"] is a handy shorthand.
    const candidate = typeof entry === 'string' ? { topic: entry } : entry;
    const parsed = entrySchema.safeParse(candidate);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((iss) => (iss.path.length ? `${iss.path.join('.')}: ${iss.message}` : iss.message));
      out.errors.push({ source, message: issues.join('; ') });
      return;
    }
    const spec: JobSpec = { ...parsed.data };
    for (const key of Object.keys(spec) as (keyof JobSpec)[]) if (spec[key] === undefined) delete spec[key];
    if (spec.background !== undefined) spec.background = resolveMediaPath(spec.background, baseDir);
    if (spec.music !== undefined) spec.music = resolveMediaPath(spec.music, baseDir);
    if (spec.voiceover !== undefined) spec.voiceover = resolveMediaPath(spec.voiceover, baseDir);
    if (spec.captionStyle?.endsWith('.json')) spec.captionStyle = resolveMediaPath(spec.captionStyle, baseDir);
    const problem = checkSpec(spec);
    if (problem) out.errors.push({ source, message: problem });
    else out.jobs.push({ spec, source });
  });
  return out;
}
