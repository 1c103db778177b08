/**
 * The OpenAI provider through the real SDK against the local test server: real HTTP, real
 * retries (with an injected sleep so no test waits for a backoff), real cancellation.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../errors.js';
import { OpenAiTestServer } from '../../testing/openai-test-server.js';
import { createOpenAiProvider } from './openai-provider.js';
import { costFor, DEFAULT_PRICES } from './pricing.js';
import { PROMPTS } from './prompts/index.js';
import { defaultModels, selectProvider } from './provider-select.js';
import type { RetryPolicy } from './resilience.js';
import type { AiProvider, Script } from './types.js';

const KEY = 'sk-test-DO-NOT-LEAK-7f3a9c';
const REQ = { topic: 'why the sky is blue', genre: 'science', targetSeconds: 30, language: 'en' };

let server: OpenAiTestServer;
let baseURL: string;
let close: () => Promise<void>;
let sleeps: number[];
/** Every error any test saw and everything written to the console, checked for the key at the end. */
const seenErrors: unknown[] = [];
const consoleOutput: string[] = [];

beforeAll(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void consoleOutput.push(args.map((a) => inspect(a, { depth: 8 })).join(' ')));
  }
});

beforeEach(async () => {
  server = new OpenAiTestServer();
  ({ url: baseURL, close } = await server.start());
  sleeps = [];
});

afterEach(async () => {
  await close();
});

afterAll(() => {
  vi.restoreAllMocks();
});

function provider(over: { timeoutMs?: number; retry?: Partial<RetryPolicy> } = {}): AiProvider {
  return createOpenAiProvider({
    apiKey: KEY,
    baseURL,
    model: 'gpt-4o-mini',
    timeoutMs: over.timeoutMs ?? 5000,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0, ...over.retry },
  });
}

async function failure(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  seenErrors.push(err);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('OpenAI provider against an OpenAI-compatible server', () => {
  it('writes a script with structured output, sends the key, and prices the usage', async () => {
    const r = await provider().writeScript(REQ);
    expect(r.value.hook).toBe('Why is the sky blue and not violet?');
    expect(r.value.lines.length).toBeGreaterThanOrEqual(4);
    expect(r.value.offlineDraft).toBe(false);
    expect(r.value.language).toBe('en');
    expect(r.usage).toEqual({ inputTokens: 120, outputTokens: 80, characters: 0, costUsd: costFor('gpt-4o-mini', { inputTokens: 120, outputTokens: 80, characters: 0 }) });
    expect(r.usage.costUsd).toBeCloseTo((120 * 0.15 + 80 * 0.6) / 1e6, 12);

    expect(server.count('chat')).toBe(1);
    const sent = server.requests[0];
    expect(sent?.authorization).toBe(`Bearer ${KEY}`);
    const body = sent?.body as { model: string; response_format: { type: string; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } }; messages: { content: string }[] };
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema).toMatchObject({ name: 'script', strict: true, schema: { additionalProperties: false, required: ['title', 'hook', 'lines', 'hashtags', 'keywords', 'emoji'] } });
    expect(body.messages[0]?.content).toContain('why the sky is blue');
  });

  it('asks for keywords and emoji for the captions, and passes on what the model marked', async () => {
    const r = await provider().writeScript(REQ);
    expect(r.value.keywords).toEqual(['violet', 'rainbow', 'scatter', 'glows', 'sunset']);
    expect(r.value.emoji).toEqual([{ word: 'Sunlight', emoji: '\u2600\uFE0F' }, { word: 'eyes', emoji: '\u{1F440}' }, { word: 'sunset', emoji: '\u{1F305}' }]);
    const prompt = (server.requests[0]?.body as { messages: { content: string }[] }).messages[0]?.content ?? '';
    expect(prompt).toContain('"keywords": the words the captions should emphasise');
    expect(prompt).toContain('"emoji": pictures for the captions');
    // The revision asks for them too, for its own sentences.
    const revised = await provider().reviseScript(REQ, { script: r.value, actualSeconds: 40, targetWords: 20 }, {});
    expect(revised.value.keywords?.length).toBeGreaterThan(0);
    expect(revised.value.emoji).toBeUndefined();
    expect((server.requests.at(-1)?.body as { messages: { content: string }[] }).messages[0]?.content).toContain('"keywords" (3 to 8 single words');
  });

  it('a script whose keywords or emoji are unusable is still a script: they are dropped, not retried', async () => {
    const answer = (extra: Record<string, unknown>) => ({
      choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify({ title: 'Sky', hook: 'Why blue?', lines: ['Light scatters.'], hashtags: ['#sky'], ...extra }), refusal: null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1 },
    });
    server.failNext('chat', { status: 200, body: answer({ keywords: 'scatters', emoji: [{ word: 'Light' }] }) });
    const bad = await provider().writeScript(REQ);
    expect(bad.value.lines).toEqual(['Light scatters.']);
    expect(bad.value).not.toHaveProperty('keywords');
    expect(bad.value).not.toHaveProperty('emoji');
    // A local server that ignores the schema and leaves them out: the same.
    server.failNext('chat', { status: 200, body: answer({}) });
    expect((await provider().writeScript(REQ)).value).not.toHaveProperty('keywords');
    expect(server.count('chat')).toBe(2);
  });

  it('gives the script a word budget at the voice’s pace, and revises a script that voiced too long in one call', async () => {
    const p = provider();
    await p.writeScript({ ...REQ, targetSeconds: 60, pace: { msPerUnit: 190, wordsPerSecond: 2.2, gapMs: 120, tailMs: 600 } });
    const prompt = (server.requests.at(-1)?.body as { messages: { content: string }[] }).messages[0]?.content ?? '';
    expect(prompt).toContain('Word budget: 131 words');
    expect(prompt).toContain('about 2.2 words per second');
    const long: Script = { title: 'Sky', hook: 'Why is the sky blue?', lines: ['One.', 'Two.'], hashtags: [], language: 'en', offlineDraft: false };
    const r = await p.reviseScript({ ...REQ, targetSeconds: 30 }, { script: long, actualSeconds: 41.2, targetWords: 64 });
    expect(r.value.offlineDraft).toBe(false);
    const revision = (server.requests.at(-1)?.body as { messages: { content: string }[] }).messages[0]?.content ?? '';
    expect(revision).toContain('came out at 41 seconds, but the video must be 30 seconds');
    expect(revision).toContain('about 64 words');
    expect(revision).toContain('shortening it');
    expect(revision).toContain('Why is the sky blue?\nOne.\nTwo.');
  });

  it('returns ideas and a virality score through their own schemas', async () => {
    const p = provider();
    const script: Script = { title: 'Sky', hook: 'Why is the sky blue?', lines: ['a.', 'b.', 'c.', 'd.'], hashtags: [], language: 'en', offlineDraft: false };
    expect((await p.backgroundIdeas(script, 'science')).value).toEqual({ searchTerms: ['blue sky timelapse', 'sunset clouds', 'light prism'], mood: 'calm, bright' });
    const v = await p.virality(script, 24);
    expect(v.value.score).toBe(72);
    expect(v.value.reasons.length).toBeGreaterThan(0);
    const names = server.requests.map((r) => (r.body as { response_format: { json_schema: { name: string } } }).response_format.json_schema.name);
    expect(names).toEqual(['background_ideas', 'virality']);
    expect((server.requests[1]?.body as { messages: { content: string }[] }).messages[0]?.content).toContain('Spoken length: 24 s');
  });

  it('identifies itself by model, base URL and prompt digests (the prompt text, not just a label)', () => {
    const id = provider().identity;
    expect(id).toMatchObject({ id: 'openai', model: 'gpt-4o-mini', baseURL });
    // The script's identity covers both prompts it may use: writing and the one revision.
    expect(id.promptDigest.script).toMatch(/^script-v3:[0-9a-f]{16}\+revise-v2:[0-9a-f]{16}$/);
    expect(id.promptDigest.script).toBe(`${PROMPTS.script.digest}+${PROMPTS.revise.digest}`);
    expect(new Set(Object.values(id.promptDigest)).size).toBe(3);
  });

  it('waits at least Retry-After on a 429, then succeeds', async () => {
    server.failNext('chat', { status: 429, retryAfter: 7 });
    const r = await provider().writeScript(REQ);
    expect(r.value.title).toBeTruthy();
    expect(server.count('chat')).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(7000);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    server.failNext('chat', { status: 500 });
    await provider().writeScript(REQ);
    expect(server.count('chat')).toBe(2);
    expect(sleeps).toEqual([250]);
  });

  it('stops at once on 401 with a clear message and never repeats what the server said about the key', async () => {
    server.failNext('chat', { status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const err = await failure(provider().writeScript(REQ));
    expect(err.kind).toBe('provider');
    expect(err.message).toBe('Writing the script was refused (HTTP 401): check the API key (OPENAI_API_KEY or Settings).');
    expect(server.count('chat')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('points at the model and base URL on 404', async () => {
    server.failNext('chat', { status: 404 });
    const err = await failure(provider().writeScript(REQ));
    expect(err.message).toContain('check the model name and the base URL');
    expect(server.count('chat')).toBe(1);
  });

  it('retries a malformed answer once, then fails clearly (exactly 2 requests)', async () => {
    server.failNext('chat', { malformed: true });
    server.failNext('chat', { malformed: true });
    const err = await failure(provider().writeScript(REQ));
    expect(err.kind).toBe('provider');
    expect(err.message).toMatch(/twice returned a malformed answer \(the answer is not valid JSON\)/);
    expect(server.count('chat')).toBe(2);
  });

  it('accepts the second answer when only the first is malformed', async () => {
    server.failNext('chat', { malformed: true });
    const r = await provider().writeScript(REQ);
    expect(r.usage.inputTokens).toBe(240);
    expect(server.count('chat')).toBe(2);
  });

  it('rejects an answer with the wrong fields as malformed', async () => {
    const wrong = { choices: [{ index: 0, message: { role: 'assistant', content: '{"title":"x"}', refusal: null }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } };
    server.failNext('chat', { status: 200, body: wrong });
    server.failNext('chat', { status: 200, body: wrong });
    const err = await failure(provider().writeScript(REQ));
    expect(err.message).toMatch(/does not match the expected fields \(hook\)/);
  });

  it('times out a slow answer with a clear error', async () => {
    server.failNext('chat', { delayMs: 3000 });
    server.failNext('chat', { delayMs: 3000 });
    const err = await failure(provider({ timeoutMs: 150, retry: { attempts: 2 } }).writeScript(REQ));
    expect(err.kind).toBe('provider');
    expect(err.message).toBe('Writing the script timed out after 150 ms: check the base URL or raise the timeout. (gave up after 2 attempts)');
    expect(server.count('chat')).toBe(2);
  });

  it('cancelling aborts the in-flight request: the server sees the connection close', async () => {
    server.failNext('chat', { delayMs: 30_000 });
    const ac = new AbortController();
    const pending = provider().writeScript(REQ, { signal: ac.signal });
    await server.waitFor(() => server.count('chat') === 1);
    ac.abort();
    const err = await failure(pending);
    expect(err.kind).toBe('cancelled');
    await server.waitFor(() => server.abortedRequests === 1);
    expect(server.count('chat')).toBe(1);
  });

  it('reports a server that is not there as a connection problem', async () => {
    await close();
    const err = await failure(provider({ retry: { attempts: 2 } }).writeScript(REQ));
    expect(err.message).toMatch(/could not connect: check the base URL/);
    ({ close } = await server.start()); // afterEach closes again
  });
});

describe('selectProvider', () => {
  it('chooses openai for auto with a key, offline without one', () => {
    expect(selectProvider({ provider: 'auto' }).identity.id).toBe('offline');
    expect(selectProvider({ provider: 'auto', apiKey: '  ' }).identity.id).toBe('offline');
    const p = selectProvider({ provider: 'auto', apiKey: KEY, baseURL });
    expect(p.identity).toMatchObject({ id: 'openai', model: defaultModels.text });
    expect(selectProvider({ provider: 'offline', apiKey: KEY }).identity.id).toBe('offline');
  });

  it('explains a missing key or a bad base URL as a config error without echoing the key', () => {
    expect(() => selectProvider({ provider: 'openai' })).toThrow(/needs an API key/);
    let err: unknown;
    try {
      selectProvider({ provider: 'openai', apiKey: KEY, baseURL: 'ftp://nope' });
    } catch (e) {
      err = e;
    }
    seenErrors.push(err);
    expect(err).toMatchObject({ kind: 'config', subject: 'baseURL' });
  });
});

describe('pricing', () => {
  it('prices text by tokens and speech by characters, dated model names included, unknown models at 0', () => {
    expect(costFor('gpt-4o-mini-2024-07-18', { inputTokens: 1e6, outputTokens: 1e6, characters: 0 })).toBeCloseTo(0.75, 10);
    expect(costFor('tts-1', { inputTokens: 0, outputTokens: 0, characters: 2000 })).toBeCloseTo(0.03, 10);
    expect(costFor('llama3:8b', { inputTokens: 1e6, outputTokens: 1e6, characters: 0 })).toBe(0);
    expect(costFor('gpt-4o-mini', { inputTokens: 1e6, outputTokens: 0, characters: 0 }, { 'gpt-4o-mini': { inputPerM: 1 } })).toBe(1);
    for (const m of ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-5-mini', 'tts-1', 'tts-1-hd', 'gpt-4o-mini-tts']) expect(DEFAULT_PRICES[m]).toBeDefined();
  });
});

describe('the key', () => {
  it('appears in no error, thrown object or console output from this whole file', () => {
    expect(seenErrors.length).toBeGreaterThanOrEqual(8);
    for (const err of seenErrors) {
      const dump = `${String(err)} ${inspect(err, { depth: Infinity, showHidden: true })} ${JSON.stringify(err)}`;
      expect(dump).not.toContain(KEY);
      expect(dump).not.toContain('7f3a9c');
    }
    expect(consoleOutput.join('\n')).not.toContain('7f3a9c');
  });
});
