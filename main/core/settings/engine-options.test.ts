import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppDb } from '../batch/app-db.js';
import { startupEngineOptions, usableEngineOptions } from './engine-options.js';
import { SettingsStore } from './store.js';

describe('startupEngineOptions', () => {
  it('with nothing saved gives exactly what the settings store would, and saves nothing', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-engine-options-'));
    try {
      const options = await startupEngineOptions(dataDir, { saved: null, env: {} });
      const db = openAppDb(dataDir);
      try {
        expect(options).toEqual(usableEngineOptions(new SettingsStore({ db, dataDir, apiKeySet: () => false }).get(), { apiKeySet: false }));
        expect(db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
        new SettingsStore({ db, dataDir, apiKeySet: () => false }).set({ defaultPreset: 'square', workers: 3 });
      } finally {
        db.close();
      }
      // Saved values come through the store (and its validation).
      const saved = await startupEngineOptions(dataDir, { saved: null, env: {} });
      expect(saved.defaults?.preset).toBe('square');
      expect(saved.workers).toBe(3);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
