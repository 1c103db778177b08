/**
 * Script, ideas and virality from any OpenAI-compatible chat completions endpoint, with
 * structured output (a strict JSON schema) validated again by zod: local servers do not all
 * enforce the schema. A malformed answer is retried once, then reported in plain words.
 */
import type OpenAI from 'openai';
import type { z } from 'zod';
import type * as Answers from './openai-answers.js';
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
const emojiArray = {
  type: 'array',
  items: { type: 'object', properties: { word: { type: 'string' }, emoji: { type: 'string' } }, required: ['word', 'emoji'], additionalProperties: false },
} as const;
const JSON_SCHEMAS = {
  script: {
    type: 'object',
    properties: { title: { type: 'string' }, hook: { type: 'string' }, lines: stringArray, hashtags: stringArray, keywords: stringArray, emoji: emojiArray },
    required: ['title', 'hook', 'lines', 'hashtags', 'keywords', 'emoji'],
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

/** The zod checks of the answers (openai-answers.ts), loaded with the first call: zod is ~100 modules an offline start never needs. */
const answers = () => import('./openai-answers.js');

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

/** A checked answer → a Script; keywords and emoji only when the model gave some (else the captions' offline rules apply). */
function scriptOf(a: z.output<typeof Answers.scriptAnswer>, language: string): Script {
  return {
    title: a.title, hook: a.hook, lines: a.lines, hashtags: a.hashtags, language, offlineDraft: false,
    ...(a.keywords?.length ? { keywords: a.keywords } : {}),
    ...(a.emoji?.length ? { emoji: a.emoji } : {}),
  };
}

export function createOpenAiProvider(opts: OpenAiProviderOptions): AiProvider {
  let client: Promise<OpenAI> | null = null;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const prices = mergePrices(opts.prices);

  async function structured<T>(what: string, name: keyof typeof JSON_SCHEMAS, check: (a: typeof Answers) => z.ZodType<T>, prompt: string, call: AiCallOptions): Promise<AiResult<T>> {
    const schema = check(await answers());
    const usage: Usage = { inputTokens: 0, outputTokens: 0, characters: 0, costUsd: 0 };
    let problem = '';
    // Two tries at a valid answer: models occasionally break the schema once; twice means
    // the model (often a small local one) can't do structured output and retrying is waste.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const res = await withRetries(
        what,
        async (signal) =>
          (await (client ??= createOpenAiClient(opts))).chat.completions.create(
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
      const r = await structured('Writing the script', 'script', (a) => a.scriptAnswer, prompt, call);
      return { value: scriptOf(r.value, req.language), usage: r.usage };
    },
    async reviseScript(req, revision, call = {}): Promise<AiResult<Script>> {
      const longer = revision.actualSeconds < req.targetSeconds;
      const prompt = fill(PROMPTS.revise.text, {
        seconds: req.targetSeconds, actualSeconds: Math.round(revision.actualSeconds), words: revision.targetWords,
        direction: longer ? 'extending it with more of the same substance (no padding)' : 'shortening it by cutting the weakest sentences',
        script: scriptText(revision.script),
      });
      const r = await structured('Revising the script to length', 'script', (a) => a.scriptAnswer, prompt, call);
      return { value: scriptOf(r.value, req.language), usage: r.usage };
    },
    backgroundIdeas(script, genre, call = {}): Promise<AiResult<BackgroundIdeas>> {
      return structured('Finding background ideas', 'background_ideas', (a) => a.ideasAnswer, fill(PROMPTS.ideas.text, { genre, script: scriptText(script) }), call);
    },
    virality(script, spokenSeconds, call = {}): Promise<AiResult<ViralityScore>> {
      const seconds = spokenSeconds === null ? 'unknown (not voiced yet)' : `${Math.round(spokenSeconds)} s`;
      return structured('Scoring virality', 'virality', (a) => a.viralityAnswer, fill(PROMPTS.virality.text, { script: scriptText(script), seconds }), call);
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
