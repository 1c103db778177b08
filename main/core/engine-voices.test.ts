/**
 * The engine checks a voice against the remembered system voice list first; a voice missing from
 * a stale list is looked up again (a voice installed since), not refused.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binaryIdentity } from './binaries/tool-memo.js';
import { Engine } from './engine.js';
import { dataPaths } from './paths.js';
import { voiceListBinary } from './voice/remembered-voices.js';

const espeak = process.platform === 'linux' ? binaryIdentity(voiceListBinary('linux')) : null;

describe('Engine voice check with a remembered voice list', () => {
  // espeak-ng is the voice engine on Linux; elsewhere the system voices come from say / SAPI.
  it.skipIf(espeak === null)('(Linux, espeak-ng) re-lists when the remembered list lacks the voice, and remembers the new list', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-engine-voices-'));
    try {
      const memoFile = dataPaths(dataDir).toolMemo;
      const stale = [{ id: 'system:xx-old', engine: 'system', name: 'Old', language: 'xx' }];
      await writeFile(memoFile, JSON.stringify({ version: 1, entries: { 'system voices': { identity: espeak, value: stale, at: Date.now() } } }));
      const engine = await Engine.open({ dataDir, workers: 1 });
      try {
        const req = await engine.resolve({ topic: 'Why cats purr', voice: 'system:en-us' });
        expect(req.voice).toBe('system:en-us');
        const memo = JSON.parse(await readFile(memoFile, 'utf8')) as { entries: Record<string, { value: { id: string }[] }> };
        expect(memo.entries['system voices']?.value.some((v) => v.id === 'system:en-us')).toBe(true);
        expect(memo.entries['ffmpeg -version']).toBeDefined();
        await expect(engine.resolve({ topic: 'x', voice: 'system:no-such-voice' })).rejects.toMatchObject({ kind: 'usage', subject: 'voice' });
      } finally {
        await engine.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
