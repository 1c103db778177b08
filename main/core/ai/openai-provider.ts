/**
 * Script, ideas and virality from any OpenAI-compatible chat completions endpoint, with
 * structured output (a JSON schema) validated by zod. A malformed answer is retried once.
 */
import type OpenAI from 'openai';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { createOpenAiClient, type OpenAiConnection } from './openai-client.js';
import { costFor, type Price } from './pricing.js';
import { fill, PROMPTS } from './prompts/index.js';
import { withRetries, type RetryPolicy } from './resilience.js';
import { WORDS_PER_SECOND } from './offline-writer.js';
import type { AiCallOptions, AiProvider, AiResult, Script, Usage } from './types.js';

const scriptSchema = z.object({
  title: z.string().min(1).max(200),
  hook: z.string().min(1).max(400),
  lines: z.array(z.string().min(1).max(400)).min(4).max(8),
  hashtags: z.array(z.string().max(60)).max(10),
});
const ideasSchema = z.object({ searchTerms: z.array(z.string().min(1).max(80)).min(1).max(8), mood: z.string().max(120) });
const viralitySchema = z.object({ score: z.number().min(0).max(100), reasons: z.array(z.string().max(300)).min(1).max(8) });

export interface OpenAiProviderOptions extends OpenAiConnection {
  model: string;
  timeoutMs?: number;
  prices?: Record<string, Price>;
  retry?: Partial<RetryPolicy>;
}

function scriptText(s: Script): string {
  return [s.hook, ...s.lines].join('\n');
}

export function createOpenAiProvider(opts: OpenAiProviderOptions): AiProvider {
  const client: OpenAI = createOpenAiClient(opts);
  const timeoutMs = opts.timeoutMs ?? 60_000;

  async function structured<T>(what: string, name: string, schema: z.ZodType<T>, prompt: string, call: AiCallOptions): Promise<AiResult<T>> {
    const jsonSchema = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
    const usage: Usage = { inputTokens: 0, outputTokens: 0, characters: 0, costUsd: 0 };
    // Two tries at a valid answer: models occasionally break the schema once.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const res = await withRetries(what, (signal) => client.chat.completions.create({
        model: opts.model,
        messages: [{ role: 'user', content: prompt }],
        response_format: { type: 'json_schema', json_schema: { name, schema: jsonSchema, strict: true } },
      }, { signal }), { timeoutMs, ...(call.signal ? { signal: call.signal } : {}), ...(opts.retry ? { policy: opts.retry } : {}) });
      usage.inputTokens += res.usage?.prompt_tokens ?? 0;
      usage.outputTokens += res.usage?.completion_tokens ?? 0;
      const content = res.choices[0]?.message?.content ?? '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(content);
      } catch {
        parsed = undefined;
      }
      const ok = schema.safeParse(parsed);
      if (ok.success) {
        usage.costUsd = costFor(opts.model, usage, opts.prices);
        return { value: ok.data, usage };
      }
    }
    throw new UserError('provider', `${what}: the model (${opts.model}) twice returned an answer that does not match the expected JSON: try another model.`);
  }

  return {
    identity: {
      id: 'openai',
      model: opts.model,
      promptDigest: { script: PROMPTS.script.digest, ideas: PROMPTS.ideas.digest, virality: PROMPTS.virality.digest },
      ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    },
    async writeScript(req, call = {}) {
      const prompt = fill(PROMPTS.script.text, {
        topic: req.topic, genre: req.genre, seconds: req.targetSeconds, words: Math.round(req.targetSeconds * WORDS_PER_SECOND), language: req.language,
      });
      const r = await structured('Writing the script', 'script', scriptSchema, prompt, call);
      return { value: { ...r.value, language: req.language, offlineDraft: false }, usage: r.usage };
    },
    backgroundIdeas(script, genre, call = {}) {
      return structured('Finding background ideas', 'background_ideas', ideasSchema, fill(PROMPTS.ideas.text, { genre, script: scriptText(script) }), call);
    },
    async virality(script, _spokenSeconds, call = {}) {
      const r = await structured('Scoring virality', 'virality', viralitySchema, fill(PROMPTS.virality.text, { script: scriptText(script) }), call);
      return { value: { score: Math.round(r.value.score), reasons: r.value.reasons }, usage: r.usage };
    },
  };
}
