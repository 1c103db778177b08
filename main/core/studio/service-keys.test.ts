/**
 * The services' keys kept in Settings (stock sites #11, ElevenLabs #12), through the real Engine
 * under a Studio and the browser host's key files: an ElevenLabs key saved there brings its voices
 * into the list at once (from the local ElevenLabs-like server), clearing it takes them away, and
 * no answer or notice ever carries the key.
 */
import { mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../contract.js';
import { Engine } from '../engine.js';
import { serviceKeyFiles } from '../../host/key-file.js';
import { ElevenLabsTestServer } from '../../testing/elevenlabs-test-server.js';
import { Studio } from './studio.js';

const KEY = 'el-settings-key-9b2f1c';
let server: ElevenLabsTestServer;
let close: () => Promise<void>;
const saved = { key: process.env.ELEVENLABS_API_KEY, url: process.env.ELEVENLABS_BASE_URL, edge: process.env.REELFORGE_EDGE_URL };

beforeAll(async () => {
  server = new ElevenLabsTestServer(KEY);
  const started = await server.start();
  close = started.close;
  delete process.env.ELEVENLABS_API_KEY;
  process.env.ELEVENLABS_BASE_URL = started.url;
  process.env.REELFORGE_EDGE_URL = 'http://127.0.0.1:9'; // Edge unreachable at once: its bundled list
});

afterAll(async () => {
  await close();
  for (const [name, value] of [['ELEVENLABS_API_KEY', saved.key], ['ELEVENLABS_BASE_URL', saved.url], ['REELFORGE_EDGE_URL', saved.edge]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('service keys in Settings', () => {
  it('an ElevenLabs key saved in Settings lists its voices at once; cleared, they are gone; the key is never sent back', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-service-keys-'));
    const engine = await Engine.open({ dataDir, provider: 'offline', workers: 1 });
    const studio = new Studio({ engine, dataDir, host: 'web', fileUrl: () => null, secrets: { get: () => null, set: () => {} }, serviceKeys: serviceKeyFiles(dataDir) });
    const notices: EventPayloads['notice'][] = [];
    studio.on('notice', (n) => notices.push(n));
    const elevenlabsVoices = async (): Promise<string[]> => (await studio['voices.list']()).filter((v) => v.engine === 'elevenlabs').map((v) => v.id);
    try {
      expect(await studio['settings.serviceKeys']()).toEqual({ pexels: false, pixabay: false, elevenlabs: false });
      expect(await elevenlabsVoices()).toEqual([]);
      expect(server.requests).toHaveLength(0);

      const answer = await studio['settings.setServiceKey']({ service: 'elevenlabs', key: ` ${KEY} ` });
      expect(answer).toEqual({ pexels: false, pixabay: false, elevenlabs: true });
      expect(await elevenlabsVoices()).toEqual(['elevenlabs:21m00Tcm4TlvDq8ikWAM', 'elevenlabs:pNInz6obpgDQGcFmaJgB']);
      expect(server.requests.at(-1)).toMatchObject({ route: 'voices', apiKey: KEY });
      // Kept like the browser host's other keys: a 0600 file in the data folder.
      expect((await stat(path.join(dataDir, 'secrets', 'elevenlabs-key'))).mode & 0o777).toBe(0o600);

      expect(await studio['settings.setServiceKey']({ service: 'elevenlabs', key: null })).toEqual({ pexels: false, pixabay: false, elevenlabs: false });
      const asked = server.requests.length;
      expect(await elevenlabsVoices()).toEqual([]);
      expect(server.requests).toHaveLength(asked);
      expect(JSON.stringify([answer, notices, await studio['settings.get'](), await studio['app.info']()])).not.toContain(KEY);
    } finally {
      await studio.close();
      await engine.close();
    }
  });
});
