/**
 * A render through an OpenAI-compatible server (the small local test server): script, ideas,
 * virality and the voice come from it, costs are recorded, an identical second render makes
 * zero requests, cancelling aborts, and the key never lands in a file, a log or the output.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiTestServer } from '../testing/openai-test-server.js';
import { CacheStore } from '../core/cache/store.js';
import { inlineColour } from '../core/media/captions/ass-document.js';
import { dataPaths } from '../core/paths.js';
import type { CaptionFiles } from '../core/pipeline/stages/captions.js';
import type { RenderManifest } from '../core/pipeline/types.js';
import { tempDir } from '../testing/media-fixtures.js';
import { runCli } from './cli-harness.js';

const KEY = 'sk-test-DO-NOT-LEAK-7f3a9c2e51';
let server: OpenAiTestServer;
let close: () => Promise<void>;
let dir: string;
const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };

beforeAll(async () => {
  dir = await tempDir('reelforge-openai-');
  server = new OpenAiTestServer();
  const started = await server.start();
  close = started.close;
  process.env.OPENAI_API_KEY = KEY;
  process.env.OPENAI_BASE_URL = started.url;
});

afterAll(async () => {
  await close();
  if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = saved.key;
  if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
  else process.env.OPENAI_BASE_URL = saved.url;
});

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const p = path.join(root, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('render with the openai provider', () => {
  const args = (): string[] => ['render', '--topic', 'Why octopuses have three hearts', '--provider', 'openai', '--voice', 'openai:alloy',
    '--duration', '7', '--size', '180x320', '--draft', '--caption-style', 'karaoke-emoji', '--out', path.join(dir, 'out'), '--data-dir', path.join(dir, 'data'), '--json'];

  it('uses the server for script, ideas, virality and voice, records cost, and a repeat makes no request', async () => {
    const first = await runCli(args());
    expect(first.code, first.stderr).toBe(0);
    expect(server.count('chat')).toBe(3);
    const speech = server.count('speech');
    expect(speech).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    const done = JSON.parse(first.stdout.trim().split('\n').at(-1) ?? '{}') as { outputs: { json: string } };
    const manifest = JSON.parse(readFileSync(done.outputs.json, 'utf8')) as RenderManifest;
    expect(manifest.provider.id).toBe('openai');
    expect(manifest.offlineDraft).toBe(false);
    expect(manifest.costUsd).toBeGreaterThan(0);
    // The server's script fits 7 s with its voice, so no revision call was needed.
    expect(Math.abs(manifest.durationSec - 7) / 7).toBeLessThanOrEqual(0.15);

    // The captions emphasise the words the model marked (not the offline picks) and show its emoji.
    const cache = CacheStore.open(dataPaths(path.join(dir, 'data')).cacheDir);
    let ass: string;
    try {
      const key = manifest.stages.find((s) => s.stage === 'captions')?.key ?? '';
      ass = cache.getJson<CaptionFiles>(key)?.value.ass ?? '';
    } finally {
      cache.close();
    }
    const green = inlineColour('#33FF66');
    for (const word of ['VIOLET', 'SCATTER', 'SUNSET']) expect(ass).toContain(`{\\1c${green}}${word}`);
    expect(ass).not.toContain(`{\\1c${green}}SUNLIGHT`); // what the offline rules would pick in its caption
    expect(ass).toMatch(/,Emoji,.*\u2600(?!\uFE0F)/);

    const before = server.requests.length;
    const second = await runCli(args());
    expect(second.code, second.stderr).toBe(0);
    expect(server.requests.length).toBe(before);
    const again = JSON.parse(readFileSync(done.outputs.json, 'utf8')) as RenderManifest;
    expect(again.cache.videoHit).toBe(true);
    expect(again.costSavedUsd).toBeCloseTo(manifest.costUsd, 10);

    const stats = await runCli(['cache', 'stats', '--json', '--data-dir', path.join(dir, 'data')]);
    expect((JSON.parse(stats.stdout) as { costSaved: number }).costSaved).toBeGreaterThan(0);

    // The key is in no file of the run (manifests, cache, database, logs) and in no output.
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, stats.stdout]) expect(text).not.toContain(KEY);
    for (const f of [...filesUnder(path.join(dir, 'data')), ...filesUnder(path.join(dir, 'out'))]) {
      expect(readFileSync(f).includes(Buffer.from(KEY)), f).toBe(false);
    }
  });

  it('costs follow the price table saved with `config set prices`, stage by stage', async () => {
    const data = path.join(dir, 'priced');
    const prices = JSON.stringify({ 'gpt-4o-mini': { inputPerM: 1000, outputPerM: 2000 }, 'gpt-4o-mini-tts': { charactersPerM: 0 } });
    const set = await runCli(['config', 'set', 'prices', prices, '--data-dir', data]);
    expect(set.code, set.stderr).toBe(0);
    const res = await runCli(args().map((a) => (a === path.join(dir, 'data') ? data : a)));
    expect(res.code, res.stderr).toBe(0);
    const done = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as { outputs: { json: string } };
    const manifest = JSON.parse(readFileSync(done.outputs.json, 'utf8')) as RenderManifest;
    // The test server reports 120 prompt + 80 completion tokens per chat call.
    const perChat = (1000 * 120 + 2000 * 80) / 1e6;
    const cost = (stage: string): number | undefined => manifest.stages.find((s) => s.stage === stage)?.costUsd;
    expect(cost('script')).toBeCloseTo(perChat, 10);
    expect(cost('ideas')).toBeCloseTo(perChat, 10);
    expect(cost('virality')).toBeCloseTo(perChat, 10);
    expect(cost('voice')).toBe(0);
    expect(manifest.costUsd).toBeCloseTo(3 * perChat, 10);
  });

  it('a refused key fails with one clear line, exit 1, no retry, and no key in the message', async () => {
    server.failNext('chat', { status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
    const before = server.count('chat');
    const res = await runCli([...args().filter((a) => a !== '--json'), '--no-cache']);
    expect(res.code).toBe(1);
    expect(server.count('chat') - before).toBe(1);
    expect(res.stderr.trim().split('\n').at(-1)).toMatch(/check the API key/);
    expect(res.stderr).not.toContain(KEY);
  });
});
