/**
 * What an OpenAI-compatible model's answers must look like, checked with zod after the strict
 * JSON schema (openai-provider.ts): local servers do not all enforce the schema, and limits the
 * API cannot express (lengths, counts) live here. Loaded on the first model call only.
 */
import { z } from 'zod';

const line = z.string().trim().min(1).max(400);
export const scriptAnswer = z.object({
  title: z.string().trim().min(1).max(200),
  hook: line,
  // A 10-second video has two lines, a 90-second one thirty: the word budget sets the count.
  lines: z.array(line).min(1).max(60),
  hashtags: z.array(z.string().trim().max(60)).max(20).transform(normaliseHashtags),
  // Extras for the captions: a model that leaves them out, or gets them wrong, still wrote a
  // usable script, so a bad field is dropped (the captions' offline rules apply), never retried.
  keywords: z.array(z.string().trim().min(1).max(60)).max(40).transform((k) => k.slice(0, 12)).optional().catch(undefined),
  emoji: z.array(z.object({ word: z.string().trim().min(1).max(60), emoji: z.string().trim().min(1).max(16) })).max(60).optional().catch(undefined),
});
export const ideasAnswer = z.object({
  searchTerms: z.array(z.string().trim().min(1).max(80)).min(1).max(12).transform((t) => t.slice(0, 8)),
  mood: z.string().trim().max(120),
});
export const viralityAnswer = z.object({
  score: z.number().min(0).max(100).transform(Math.round),
  reasons: z.array(z.string().trim().min(1).max(300)).min(1).max(10).transform((r) => r.slice(0, 6)),
});

/** '#Deep Sea', 'deepsea', '#deepsea' → '#deepsea' style tags, deduplicated, at most 6. */
function normaliseHashtags(tags: string[]): string[] {
  const out = tags.map((t) => `#${t.replace(/^#+/, '').replace(/[^\p{L}\p{N}_]/gu, '')}`).filter((t) => t.length > 1);
  return [...new Set(out)].slice(0, 6);
}

