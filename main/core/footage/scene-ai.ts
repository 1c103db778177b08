/**
 * Optional AI understanding of footage (with an OpenAI key or any compatible server): a short
 * description of each scene's thumbnail from a vision-capable chat model, and text embeddings
 * of scenes and of narration from the embeddings endpoint. Both are cached by content and
 * model (and prompt), so a thumbnail is described once and a sentence embedded once. Matching
 * works without them; with them it ranks by meaning as well as by words.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type OpenAI from 'openai';
import { createOpenAiClient } from '../ai/openai-client.js';
import { costFor, type Price } from '../ai/pricing.js';
import { withRetries } from '../ai/resilience.js';
import type { CacheStore } from '../cache/store.js';
import { stageKey } from '../pipeline/stage-cache.js';

/** Asked of every thumbnail; its text is part of the cache key, so editing it describes again. */
export const DESCRIBE_PROMPT = 'Describe this video frame for finding B-roll: the main subjects, setting, action, time of day and mood, in one sentence of at most 25 words. No preamble.';
export const DEFAULT_VISION_MODEL = 'gpt-4o-mini';
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';
const PROMPT_DIGEST = createHash('sha256').update(DESCRIBE_PROMPT).digest('hex').slice(0, 12);
/** Texts per embeddings request (the API takes up to 2,048). */
const EMBED_BATCH = 256;

export interface SceneAiOptions {
  apiKey: string;
  baseURL?: string;
  visionModel?: string;
  embeddingModel?: string;
  cache: CacheStore;
  prices?: Readonly<Record<string, Price>>;
  timeoutMs?: number;
}

export class SceneAi {
  /** Loaded on first use (the SDK is not needed offline). */
  private clientP: Promise<OpenAI> | null = null;
  readonly visionModel: string;
  readonly embeddingModel: string;

  constructor(private readonly o: SceneAiOptions) {
    this.visionModel = o.visionModel ?? DEFAULT_VISION_MODEL;
    this.embeddingModel = o.embeddingModel ?? DEFAULT_EMBEDDING_MODEL;
  }

  private client(): Promise<OpenAI> {
    this.clientP ??= createOpenAiClient({ apiKey: this.o.apiKey, ...(this.o.baseURL ? { baseURL: this.o.baseURL } : {}) });
    return this.clientP;
  }

  /** Which model and prompt a description came from (a scene described otherwise is described again). */
  get describedBy(): string {
    return `${this.visionModel}@${this.o.baseURL ?? 'openai'}:${PROMPT_DIGEST}`;
  }

  /** Embeddings from another model or server are not comparable: they are stored under this name. */
  get embeddingSpace(): string {
    return `${this.embeddingModel}@${this.o.baseURL ?? 'openai'}`;
  }

  async describe(thumb: string, signal?: AbortSignal): Promise<string> {
    const bytes = await readFile(thumb);
    const key = stageKey('vision', 1, { image: createHash('sha256').update(bytes).digest('hex'), by: this.describedBy });
    const hit = this.o.cache.getJson<string>(key);
    if (hit) return hit.value;
    return this.o.cache.singleFlight(key, async () => {
      const started = performance.now();
      const client = await this.client();
      const res = await withRetries('Describing a footage scene', (s) => client.chat.completions.create({
        model: this.visionModel,
        max_tokens: 80,
        messages: [{ role: 'user', content: [
          { type: 'text', text: DESCRIBE_PROMPT },
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${bytes.toString('base64')}`, detail: 'low' } },
        ] }],
      }, { signal: s }), { timeoutMs: this.o.timeoutMs ?? 60_000, ...(signal ? { signal } : {}) });
      const text = (res.choices[0]?.message?.content ?? '').replace(/\s+/g, ' ').trim().slice(0, 400);
      const costUsd = costFor(this.visionModel, { inputTokens: res.usage?.prompt_tokens ?? 0, outputTokens: res.usage?.completion_tokens ?? 0, characters: 0 }, this.o.prices);
      if (text !== '') this.o.cache.putJson(key, 'vision', text, { computeMs: performance.now() - started, costUsd });
      return text;
    });
  }

  /** One vector per text, in order; each text embedded once ever (per model). */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    const keys = texts.map((t) => stageKey('embedding', 1, { text: t, space: this.embeddingSpace }));
    const out: (number[] | null)[] = keys.map((k) => this.o.cache.getJson<number[]>(k)?.value ?? null);
    const missing = out.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
    for (let b = 0; b < missing.length; b += EMBED_BATCH) {
      const batch = missing.slice(b, b + EMBED_BATCH);
      const started = performance.now();
      const client = await this.client();
      const res = await withRetries('Embedding text', (s) => client.embeddings.create({
        // Plain floats: local OpenAI-compatible servers often don't offer the SDK's default base64.
        model: this.embeddingModel, input: batch.map((i) => texts[i] as string), encoding_format: 'float',
      }, { signal: s }), { timeoutMs: this.o.timeoutMs ?? 60_000, ...(signal ? { signal } : {}) });
      const costUsd = costFor(this.embeddingModel, { inputTokens: res.usage?.prompt_tokens ?? 0, outputTokens: 0, characters: 0 }, this.o.prices) / batch.length;
      const ms = (performance.now() - started) / batch.length;
      for (const d of res.data) {
        const i = batch[d.index];
        if (i === undefined || !Array.isArray(d.embedding)) continue;
        out[i] = d.embedding;
        this.o.cache.putJson(keys[i] as string, 'embedding', d.embedding, { computeMs: ms, costUsd });
      }
    }
    return out.map((v) => v ?? []);
  }
}
