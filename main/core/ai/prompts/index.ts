import { createHash } from 'node:crypto';
import * as ideas from './ideas-v1.js';
import * as revise from './revise-v2.js';
import * as script from './script-v3.js';
import * as virality from './virality-v1.js';

/** Prompts are versioned files; their text's digest is part of every cache key that used them. */
export interface Prompt {
  version: string;
  text: string;
  digest: string;
}

function load(p: { version: string; text: string }): Prompt {
  return { ...p, digest: `${p.version}:${createHash('sha256').update(p.text).digest('hex').slice(0, 16)}` };
}

export const PROMPTS = { script: load(script), revise: load(revise), ideas: load(ideas), virality: load(virality) };

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
