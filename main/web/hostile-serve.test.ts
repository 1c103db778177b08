/**
 * Hostile use of the built browser host (issue 10): the real `reelforge serve` (dist/), spoken to
 * over its WebSocket with its token, the way the research review drove it. A job that fails
 * badly fails alone; no path a page names escapes the data folder; the key goes only where the
 * user sent it. Renders are tiny drafts (REELFORGE_TEST_SIZE); the page itself is a stand-in
 * (REELFORGE_RENDERER_DIR), since only the host is under test here.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AddFilesResult, ChannelResults, JobView } from '../core/contract.js';
import { makeClip, tempDir } from '../testing/media-fixtures.js';
import { closedPortUrl, OpenAiTestServer } from '../testing/openai-test-server.js';
import { startServer, type ServerUnderTest } from '../../e2e/support/serve.js';

let dir: string;
let rendererDir: string;

beforeAll(async () => {
  dir = await tempDir('reelforge-hostile-serve-');
  rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Reelforge</title>');
});

/** One page's socket to the host. */
async function page(server: ServerUnderTest): Promise<{ ask<T>(channel: string, input?: unknown): Promise<T>; close(): void }> {
  const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/ws?token=${encodeURIComponent(server.token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
    if (msg.id === undefined) return;
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.ok) w?.resolve(msg.result);
    else w?.reject(Object.assign(new Error(msg.error?.message ?? 'failed'), { info: msg.error }));
  });
  return {
    ask: <T,>(channel: string, input: unknown = {}) => new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: (v) => resolve(v as T), reject });
      ws.send(JSON.stringify({ id, channel, input }));
    }),
    close: () => ws.close(),
  };
}

async function settledJobs(p: Awaited<ReturnType<typeof page>>, batchId: string): Promise<JobView[]> {
  for (let i = 0; i < 600; i++) {
    const { jobs } = await p.ask<ChannelResults['queue.list']>('queue.list');
    const mine = jobs.filter((j) => j.batchId === batchId);
    if (mine.length > 0 && mine.every((j) => ['done', 'failed', 'cancelled'].includes(j.status))) return mine;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the jobs did not settle');
}

describe('the built browser host with an OpenAI-compatible server that is down', () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    const dataDir = path.join(dir, 'down');
    server = await startServer(dataDir, 60_000, { env: { REELFORGE_RENDERER_DIR: rendererDir, OPENAI_API_KEY: 'sk-test-unreachable', OPENAI_BASE_URL: await closedPortUrl() } });
  });
  afterAll(async () => server?.stop());

  it('a job whose openai: voice fails fails alone; the other is delivered with its insights marked failed; the host keeps serving', async () => {
    const p = await page(server);
    try {
      const added = await p.ask<AddFilesResult>('queue.addJobs', { jobs: [{ script: 'Cats purr.', voice: 'openai:nova' }, { script: 'Dogs dream at night.', voice: 'system:en-us' }] });
      expect(added.jobsAdded, JSON.stringify(added.errors)).toBe(2);
      const [voiceJob, systemJob] = await settledJobs(p, added.batchId ?? '');
      expect(voiceJob).toMatchObject({ status: 'failed' });
      expect(voiceJob?.error?.message).toMatch(/speech|voice/i);
      expect(systemJob).toMatchObject({ status: 'done' });
      const library = await p.ask<ChannelResults['library.list']>('library.list');
      const manifest = library.find((l) => l.jobId === systemJob?.id)?.manifest;
      expect(manifest?.warnings).toHaveLength(2);
      expect(manifest?.ideas).toBeNull();
      // Still serving, and never restarted: what an unhandled rejection used to end.
      expect(await p.ask<ChannelResults['app.info']>('app.info')).toMatchObject({ host: 'web' });
      expect(server.running()).toBe(true);
      expect(server.log()).not.toMatch(/Node\.js v\d|uncaught|unhandled/i);
    } finally {
      p.close();
    }
  });
});

describe('the built browser host keeps every path inside its data folder, and the key where it was saved for', () => {
  let server: ServerUnderTest;
  let dataDir: string;
  let outside: string;
  let p: Awaited<ReturnType<typeof page>>;
  const KEY = 'sk-test-WEBKEY456';

  beforeAll(async () => {
    dataDir = path.join(dir, 'rules');
    outside = path.join(dir, 'outside');
    await mkdir(path.join(outside, 'fakehome', '.ssh'), { recursive: true });
    await makeClip(path.join(outside, 'secret.mp4'), { width: 160, height: 90, seconds: 1 });
    server = await startServer(dataDir, 60_000, { env: { REELFORGE_RENDERER_DIR: rendererDir } });
    p = await page(server);
  });
  afterAll(async () => {
    p?.close();
    await server?.stop();
  });

  const refusal = (err: unknown): string => (err as Error).message;

  it('outputDir: only inside the data folder, whatever the page sends', async () => {
    for (const target of ['/', path.join(outside, 'fakehome', '.ssh'), path.join(dataDir, '..', 'outside')]) {
      const message = await p.ask('settings.set', { outputDir: target }).then(() => 'accepted', refusal);
      expect(message, target).toMatch(/writes videos only inside its data folder/);
    }
    const inside = path.join(dataDir, 'my-videos');
    expect((await p.ask<ChannelResults['settings.set']>('settings.set', { outputDir: inside })).outputDir).toBe(inside);
  });

  it('media paths: absolute, ../ and links out of the data folder are refused, with one answer whether they exist or not', async () => {
    await symlink(path.join(outside, 'secret.mp4'), path.join(dataDir, 'link.mp4'));
    const res = await p.ask<AddFilesResult>('queue.addJobs', {
      jobs: [
        { topic: 'a', background: path.join(outside, 'secret.mp4') },
        { topic: 'b', background: path.join(outside, 'no-such.mp4') },
        { topic: 'c', music: path.join(dataDir, '..', 'outside', 'secret.mp4') },
        { topic: 'd', background: path.join(dataDir, 'link.mp4') },
      ],
    });
    expect(res.jobsAdded).toBe(0);
    const messages = res.errors.map((e) => e.message.replace(/^job \d+: /, '').replace(/^[^ ]+/, 'X'));
    expect(new Set(messages)).toEqual(new Set(['X was not added in Reelforge: drop it on the queue to upload it (the browser host reads only uploaded files and its data folder).']));

    // An uploaded job list is held to the same rule, row by row.
    const csv = `topic,background\n"rel",../../outside/secret.mp4\n"abs",${path.join(outside, 'secret.mp4')}\n`;
    const up = await fetch(`${server.origin}/upload?name=jobs.csv&token=${server.token}`, { method: 'POST', body: csv });
    const { path: listPath } = (await up.json()) as { path: string };
    const added = await p.ask<AddFilesResult>('queue.addFiles', { paths: [listPath] });
    expect(added.jobsAdded).toBe(0);
    expect(added.errors.map((e) => e.subject?.replace(/^[\w-]+-jobs\.csv/, 'jobs.csv'))).toEqual(['jobs.csv:line 2', 'jobs.csv:line 3']);
    expect(added.errors.every((e) => /secret\.mp4 was not added in Reelforge/.test(e.message))).toBe(true);
  });

  it('a saved key is not sent to a base URL the page changes to, and Settings says why', async () => {
    const listener = new OpenAiTestServer();
    const elsewhere = await listener.start();
    try {
      await p.ask('settings.setApiKey', { key: KEY });
      const changed = await p.ask<ChannelResults['settings.set']>('settings.set', { baseURL: elsewhere.url, provider: 'openai' });
      expect(changed.apiKeyNote).toMatch(/saved key was saved for OpenAI's own API.*not sent there until you save it again/);
      await p.ask('create.preview', { topic: 'x' }).catch(() => undefined);
      expect(listener.requests.filter((r) => r.authorization?.includes(KEY))).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});
