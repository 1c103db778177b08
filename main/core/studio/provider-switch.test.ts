/**
 * Saving a key or a provider in Settings switches the writer at once — no restart — through the
 * real Engine, against the local OpenAI-compatible test server; and a saved "openai" without a
 * key never stops the app from starting.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDb } from '../batch/app-db.js';
import type { EventPayloads } from '../contract.js';
import { Engine } from '../engine.js';
import type { SavedKey } from '../settings/api-key.js';
import { startupEngineOptions } from '../settings/engine-options.js';
import { SettingsStore } from '../settings/store.js';
import { OpenAiTestServer } from '../../testing/openai-test-server.js';
import { Studio } from './studio.js';

const KEY = 'sk-switch-test-5d1e0b9a';
let server: OpenAiTestServer;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  server = new OpenAiTestServer();
  ({ url, close } = await server.start());
});
afterAll(async () => close());

/** A real engine (offline at start) under a Studio whose key store is a variable. */
async function openStudio(envApiKey?: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-switch-'));
  const engine = await Engine.open({ dataDir, provider: 'auto', workers: 1 });
  let key: SavedKey | null = null;
  const studio = new Studio({
    engine, dataDir, host: 'web', fileUrl: () => null, secrets: { get: () => key, set: (k) => (key = k) },
    ...(envApiKey ? { envApiKey } : {}),
  });
  return { studio, close: async () => { await studio.close(); await engine.close(); } };
}

describe('switching the AI provider without a restart', () => {
  it('a saved key moves scripts to the OpenAI server; choosing offline or removing the key moves them back', async () => {
    const { studio, close: shut } = await openStudio();
    const notices: EventPayloads['notice'][] = [];
    studio.on('notice', (n) => notices.push(n));
    try {
      expect((await studio['create.preview']({ topic: 'Why cats purr' })).provider).toBe('offline');
      await studio['settings.set']({ baseURL: url });
      expect(server.count('chat')).toBe(0);

      await studio['settings.setApiKey']({ key: KEY });
      expect((await studio['app.info']()).providerInUse).toBe('openai');
      expect((await studio['create.preview']({ topic: 'Why cats purr' })).provider).toBe('openai');
      expect(server.count('chat')).toBe(3);
      expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
      expect((await studio['voices.list']()).some((v) => v.id.startsWith('openai:'))).toBe(true);
      expect(notices.at(-1)?.message).toMatch(/now come from OpenAI/);

      await studio['settings.set']({ provider: 'offline' });
      expect((await studio['create.preview']({ topic: 'Why bees buzz' })).provider).toBe('offline');
      expect(server.count('chat')).toBe(3);
      expect(notices.at(-1)?.message).toMatch(/written offline/);

      await studio['settings.set']({ provider: 'openai' });
      expect((await studio['app.info']()).providerInUse).toBe('openai');
      await studio['settings.setApiKey']({ key: null });
      expect((await studio['app.info']()).providerInUse).toBe('offline');
      expect(notices.at(-1)).toEqual({ level: 'warning', message: 'OpenAI needs an API key: scripts are written offline until you save one.' });
      expect(JSON.stringify(notices)).not.toContain(KEY);
    } finally {
      await shut();
    }
  });

  it('a key from the environment goes with OPENAI_BASE_URL (and is said) when none is saved', async () => {
    const savedUrl = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = url;
    const { studio, close: shut } = await openStudio(KEY);
    try {
      const before = server.count('chat');
      await studio['settings.set']({ textModel: 'gpt-4.1-mini' });
      const info = await studio['app.info']();
      expect(info).toMatchObject({ apiKeySet: false, envApiKey: true, providerInUse: 'openai' });
      expect((await studio['create.preview']({ topic: 'Why the sea is salty' })).provider).toBe('openai');
      expect(server.count('chat') - before).toBe(3);
      expect(JSON.stringify(info)).not.toContain(KEY);
    } finally {
      await shut();
      if (savedUrl === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = savedUrl;
    }
  });

  it('a saved key goes only to the base URL it was saved for: after a change it is not sent, and Settings says why, until it is saved again', async () => {
    const other = new OpenAiTestServer();
    const elsewhere = await other.start();
    const { studio, close: shut } = await openStudio();
    const notices: EventPayloads['notice'][] = [];
    studio.on('notice', (n) => notices.push(n));
    try {
      await studio['settings.set']({ baseURL: url });
      await studio['settings.setApiKey']({ key: KEY });
      expect((await studio['create.preview']({ topic: 'Why cats purr' })).provider).toBe('openai');

      // The page (or anyone with it) points the base URL at another server.
      const changed = await studio['settings.set']({ baseURL: elsewhere.url });
      expect(changed.apiKeySet).toBe(true);
      expect(changed.apiKeyNote).toBe(`The saved key was saved for ${url}; the base URL is now ${elsewhere.url}, so the key is not sent there until you save it again.`);
      expect(notices.some((n) => n.level === 'warning' && n.message === changed.apiKeyNote)).toBe(true);
      expect((await studio['create.preview']({ topic: 'Why cats purr' })).provider).toBe('offline');
      await studio['voices.list']();
      expect(other.requests).toEqual([]);

      // Saved again, it is the user sending it there.
      await studio['settings.setApiKey']({ key: KEY });
      expect((await studio['settings.get']()).apiKeyNote).toBeNull();
      expect((await studio['create.preview']({ topic: 'Why dogs dream' })).provider).toBe('openai');
      expect(other.count('chat')).toBe(3);
      expect(other.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    } finally {
      await shut();
      await elsewhere.close();
    }
  });

  it('start-up with a saved provider of openai and no key writes offline with a warning', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-switch-'));
    const db = openAppDb(dataDir);
    new SettingsStore({ db, dataDir, apiKeySet: () => false }).set({ provider: 'openai' });
    db.close();
    const warnings: string[] = [];
    expect((await startupEngineOptions(dataDir, { saved: null, env: {}, warn: (w) => warnings.push(w) })).provider).toBe('offline');
    expect(warnings[0]).toMatch(/no API key is set/);
    expect(await startupEngineOptions(dataDir, { saved: { key: KEY, baseURL: '' }, env: {} })).toMatchObject({ provider: 'openai', apiKey: KEY });
    // A flag is taken as asked (and fails loudly later if it cannot work), with no warning.
    expect((await startupEngineOptions(dataDir, { saved: null, env: {}, provider: 'openai', warn: (w) => warnings.push(w) })).provider).toBe('openai');
    expect(warnings).toHaveLength(1);
  });
});
