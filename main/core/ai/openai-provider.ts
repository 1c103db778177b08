/**
 * Script, ideas and virality from any OpenAI-compatible chat completions endpoint, with
 * structured output (a strict JSON schema) validated again by zod: local servers do not all
 * enforce the schema. A malformed answer is retried once, then reported in plain words.
 */
import type OpenAI from 'openai';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { createOpenAiClient, type OpenAiConnection } from './openai-client.js';
import { WORDS_PER_SECOND } from './offline-writer.js';
import { costFor, mergePrices, type Price } from './pricing.js';
import { fill, PROMPTS } from './prompts/index.js';
import { withRetries, type RetryPolicy } from './resilience.js';
import type { AiCallOptions, AiProvider, AiResult, BackgroundIdeas, Script, ScriptRequest, Usage, ViralityScore } from './types.js';

/**
 * The JSON schemas sent to the model are written by hand, not generated: strict structured
 * output accepts only a subset of JSON Schema (every property required, no additional
 * properties, no string length limits), and a generated schema that strays outside it is a
 * 400 for every request. Limits the API can't express live in the zod schemas below.
 */
const stringArray = { type: 'array', items: { type: 'string' } } as const;
const JSON_SCHEMAS = {
  script: {
    type: 'object',
    properties: { title: { type: 'string' }, hook: { type: 'string' }, lines: stringArray, hashtags: stringArray },
    required: ['title', 'hook', 'lines', 'hashtags'],
    additionalProperties: false,
  },
  background_ideas: {
    type: 'object',
    properties: { searchTerms: stringArray, mood: { type: 'string' } },
    required: ['searchTerms', 'mood'],
    additionalProperties: false,
  },
  virality: {
    type: 'object',
    properties: { score: { type: 'integer' }, reasons: stringArray },
    required: ['score', 'reasons'],
    additionalProperties: false,
  },
} as const;

const line = z.string().trim().min(1).max(400);
const scriptAnswer = z.object({
  title: z.string().trim().min(1).max(200),
  hook: line,
  // A 10-second video has two lines, a 90-second one thirty: the word budget sets the count.
  lines: z.array(line).min(1).max(60),
  hashtags: z.array(z.string().trim().max(60)).max(20).transform(normaliseHashtags),
});
const ideasAnswer = z.object({
  searchTerms: z.array(z.string().trim().min(1).max(80)).min(1).max(12).transform((t) => t.slice(0, 8)),
  mood: z.string().trim().max(120),
});
const viralityAnswer = z.object({
  score: z.number().min(0).max(100).transform(Math.round),
  reasons: z.array(z.string().trim().min(1).max(300)).min(1).max(10).transform((r) => r.slice(0, 6)),
});

/** '#Deep Sea', 'deepsea', '#deepsea' → '#deepsea' style tags, deduplicated, at most 6. */
function normaliseHashtags(tags: string[]): string[] {
  const out = tags.map((t) => `#${t.replace(/^#+/, '').replace(/[^\p{L}\p{N}_]/gu, '')}`).filter((t) => t.length > 1);
  return [...new Set(out)].slice(0, 6);
}

export interface OpenAiProviderOptions extends OpenAiConnection {
  model: string;
  /** Per-request timeout; each retry gets a fresh one. */
  timeoutMs?: number;
  prices?: Record<string, Price>;
  retry?: Partial<RetryPolicy>;
}

/** The words a script may have: the target's seconds (less the tail) at the voice's pace. */
export function wordBudget(req: ScriptRequest): { words: number; wordsPerSecond: number } {
  const wordsPerSecond = req.pace?.wordsPerSecond ?? WORDS_PER_SECOND;
  const seconds = Math.max(1, req.targetSeconds - (req.pace?.tailMs ?? 600) / 1000);
  return { words: Math.max(8, Math.round(seconds * wordsPerSecond)), wordsPerSecond };
}

function scriptText(s: Script): string {
  return [s.hook, ...s.lines].join('\n');
}

export function createOpenAiProvider(opts: OpenAiProviderOptions): AiProvider {
  const client: OpenAI = createOpenAiClient(opts);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const prices = mergePrices(opts.prices);

  async function structured<T>(what: string, name: keyof typeof JSON_SCHEMAS, schema: z.ZodType<T>, prompt: string, call: AiCallOptions): Promise<AiResult<T>> {
    const usage: Usage = { inputTokens: 0, outputTokens: 0, characters: 0, costUsd: 0 };
    let problem = '';
    // Two tries at a valid answer: models occasionally break the schema once; twice means
    // the model (often a small local one) can't do structured output and retrying is waste.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const res = await withRetries(
        what,
        (signal) =>
          client.chat.completions.create(
            {
              model: opts.model,
              messages: [{ role: 'user', content: prompt }],
              response_format: { type: 'json_schema', json_schema: { name, schema: JSON_SCHEMAS[name], strict: true } },
            },
            { signal },
          ),
        { timeoutMs, ...(call.signal ? { signal: call.signal } : {}), ...(opts.retry ? { policy: opts.retry } : {}) },
      );
      usage.inputTokens += res.usage?.prompt_tokens ?? 0;
      usage.outputTokens += res.usage?.completion_tokens ?? 0;
      usage.costUsd = costFor(opts.model, usage, prices);
      const message = res.choices[0]?.message;
      if (message?.refusal) {
        // A refusal is the model's decision about this topic: asking again gets the same answer.
        throw new UserError('provider', `${what}: the model (${opts.model}) declined: "${message.refusal.slice(0, 200)}". Try another topic or wording.`);
      }
      const parsed = parseJson(message?.content ?? '');
      const ok = schema.safeParse(parsed);
      if (ok.success) return { value: ok.data, usage };
      problem = parsed === undefined ? 'the answer is not valid JSON' : `the answer does not match the expected fields (${ok.error.issues[0]?.path.join('.') || 'root'})`;
    }
    throw new UserError('provider', `${what}: the model (${opts.model}) twice returned a malformed answer (${problem}): try another model, or use the offline provider.`);
  }

  return {
    identity: {
      id: 'openai',
      model: opts.model,
      promptDigest: { script: `${PROMPTS.script.digest}+${PROMPTS.revise.digest}`, ideas: PROMPTS.ideas.digest, virality: PROMPTS.virality.digest },
      ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    },
    async writeScript(req, call = {}): Promise<AiResult<Script>> {
      const budget = wordBudget(req);
      const prompt = fill(PROMPTS.script.text, {
        topic: req.topic, genre: req.genre, seconds: req.targetSeconds, words: budget.words, wordsPerSecond: budget.wordsPerSecond, language: req.language,
      });
      const r = await structured('Writing the script', 'script', scriptAnswer, prompt, call);
      return { value: { ...r.value, language: req.language, offlineDraft: false }, usage: r.usage };
    },
    async reviseScript(req, revision, call = {}): Promise<AiResult<Script>> {
      const longer = revision.actualSeconds < req.targetSeconds;
      const prompt = fill(PROMPTS.revise.text, {
        seconds: req.targetSeconds, actualSeconds: Math.round(revision.actualSeconds), words: revision.targetWords,
        direction: longer ? 'extending it with more of the same substance (no padding)' : 'shortening it by cutting the weakest sentences',
        script: scriptText(revision.script),
      });
      const r = await structured('Revising the script to length', 'script', scriptAnswer, prompt, call);
      return { value: { ...r.value, language: req.language, offlineDraft: false }, usage: r.usage };
    },
    backgroundIdeas(script, genre, call = {}): Promise<AiResult<BackgroundIdeas>> {
      return structured('Finding background ideas', 'background_ideas', ideasAnswer, fill(PROMPTS.ideas.text, { genre, script: scriptText(script) }), call);
    },
    virality(script, spokenSeconds, call = {}): Promise<AiResult<ViralityScore>> {
      const seconds = spokenSeconds === null ? 'unknown (not voiced yet)' : `${Math.round(spokenSeconds)} s`;
      return structured('Scoring virality', 'virality', viralityAnswer, fill(PROMPTS.virality.text, { script: scriptText(script), seconds }), call);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    // Some compatible servers wrap JSON in a Markdown fence even in JSON mode.
    return JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return undefined;
  }
}
