/**
 * The ffmpeg path setting (desktop-review D1: a user without ffmpeg on PATH must be able to point
 * the app at one): a binary that does not run is refused with the reason; a good one is saved,
 * with a notice that it applies from the next start.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heldRunner, tempDb } from '../batch/test-helpers.js';
import { locateFfmpeg } from '../media/ffmpeg-locate.js';
import { startupEngineOptions } from '../settings/engine-options.js';
import { Studio, type StudioEngine } from './studio.js';

const engine = {
  resolve: () => Promise.reject(new Error('not used')),
  render: () => Promise.reject(new Error('not used')),
  preview: () => Promise.reject(new Error('not used')),
  voicePreview: () => Promise.reject(new Error('not used')),
  cache: { stats: () => { throw new Error('not used'); }, prune: () => { throw new Error('not used'); }, clear: () => 0, setLimits: () => {} },
  perf: { snapshot: () => { throw new Error('not used'); } },
  ffmpeg: { ffmpeg: '/usr/bin/ffmpeg', version: '7.1' },
  ai: { identity: { id: 'offline' } },
} as unknown as StudioEngine;

describe('the ffmpeg path setting', () => {
  it('refuses a binary that is not a working ffmpeg; saves one that is, for the next start', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-ffmpeg-setting-'));
    const { db } = tempDb();
    const studio = new Studio({ engine, dataDir, host: 'electron', db, runJob: heldRunner().runJob, fileUrl: () => null, secrets: { get: () => null, set: () => {} } });
    const notices: string[] = [];
    studio.on('notice', (n) => notices.push(n.message));
    try {
      const notFfmpeg = path.join(dataDir, 'not-ffmpeg');
      writeFileSync(notFfmpeg, '#!/bin/sh\necho hello\n');
      chmodSync(notFfmpeg, 0o755);
      await expect(studio['settings.set']({ ffmpegPath: notFfmpeg })).rejects.toMatchObject({ kind: 'config', subject: 'ffmpegPath' });
      expect((await studio['settings.get']()).ffmpegPath).toBe('');

      const real = (await locateFfmpeg()).ffmpeg;
      expect((await studio['settings.set']({ ffmpegPath: real })).ffmpegPath).toBe(real);
      expect(notices.some((m) => /Restart Reelforge/.test(m))).toBe(true);
    } finally {
      await studio.close();
    }
  });

  it('a saved path reaches the engine options (where it beats FFMPEG_PATH)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-ffmpeg-setting-'));
    const { openAppDb } = await import('../batch/app-db.js');
    const { SettingsStore } = await import('../settings/store.js');
    const db = openAppDb(dataDir);
    new SettingsStore({ db, dataDir, apiKeySet: () => false }).set({ ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' });
    db.close();
    expect((await startupEngineOptions(dataDir, { saved: null, env: {} })).ffmpegPath).toBe('/opt/ffmpeg/bin/ffmpeg');
  });
});
