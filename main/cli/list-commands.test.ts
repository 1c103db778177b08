/**
 * `reelforge voices` lists ElevenLabs' voices when a key is set either way: saved in Settings
 * (the key file `reelforge serve` keeps in the data folder) or ELEVENLABS_API_KEY — and not
 * without one. Against the local ElevenLabs-like server.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceKeyFiles } from '../host/key-file.js';
import { ElevenLabsTestServer } from '../testing/elevenlabs-test-server.js';
import { runCli } from './cli-harness.js';

const KEY = 'el-cli-key-51d0a7';
let close: () => Promise<void>;
const saved = { key: process.env.ELEVENLABS_API_KEY, url: process.env.ELEVENLABS_BASE_URL, edge: process.env.REELFORGE_EDGE_URL };

beforeAll(async () => {
  const started = await new ElevenLabsTestServer(KEY).start();
  close = started.close;
  delete process.env.ELEVENLABS_API_KEY;
  process.env.ELEVENLABS_BASE_URL = started.url;
  process.env.REELFORGE_EDGE_URL = 'http://127.0.0.1:9'; // Edge unreachable at once
});

afterAll(async () => {
  await close();
  for (const [name, value] of [['ELEVENLABS_API_KEY', saved.key], ['ELEVENLABS_BASE_URL', saved.url], ['REELFORGE_EDGE_URL', saved.edge]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function elevenlabsVoices(dataDir: string): Promise<{ ids: string[]; stdout: string; stderr: string }> {
  const res = await runCli(['voices', '--engine', 'elevenlabs', '--json', '--data-dir', dataDir]);
  expect(res.code, res.stderr).toBe(0);
  return { ids: (JSON.parse(res.stdout) as { id: string }[]).map((v) => v.id), stdout: res.stdout, stderr: res.stderr };
}

describe('reelforge voices', () => {
  it('lists ElevenLabs voices with the key saved in Settings, or with ELEVENLABS_API_KEY, and none without a key', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-voices-'));
    expect((await elevenlabsVoices(dataDir)).ids).toEqual([]);

    serviceKeyFiles(dataDir).elevenlabs.set(KEY);
    const fromSettings = await elevenlabsVoices(dataDir);
    expect(fromSettings.ids).toEqual(['elevenlabs:21m00Tcm4TlvDq8ikWAM', 'elevenlabs:pNInz6obpgDQGcFmaJgB']);
    expect(fromSettings.stdout + fromSettings.stderr).not.toContain(KEY);

    const other = await mkdtemp(path.join(os.tmpdir(), 'reelforge-voices-env-'));
    process.env.ELEVENLABS_API_KEY = KEY;
    try {
      expect((await elevenlabsVoices(other)).ids).toHaveLength(2);
    } finally {
      delete process.env.ELEVENLABS_API_KEY;
    }
  });
});
