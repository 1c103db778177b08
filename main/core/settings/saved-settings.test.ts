import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppDb } from '../batch/app-db.js';
import { dataPaths } from '../paths.js';
import { defaultSettings } from './defaults.js';
import { readSavedSettings } from './saved-settings.js';
import { SettingsStore } from './store.js';

function setup() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-saved-settings-'));
  const schemaFile = path.join(dataDir, 'contract.js');
  writeFileSync(schemaFile, '// stands in for the compiled schema module\n');
  return { dataDir, schemaFile, db: openAppDb(dataDir) };
}

function memoValue(dataDir: string): { settings: Record<string, unknown> } {
  return (JSON.parse(readFileSync(dataPaths(dataDir).toolMemo, 'utf8')) as { entries: Record<string, { value: { settings: Record<string, unknown> } }> }).entries['saved settings']!.value;
}

describe('readSavedSettings', () => {
  it('with nothing saved: the defaults, and nothing to remember', async () => {
    const { dataDir, schemaFile, db } = setup();
    expect(await readSavedSettings(db, dataDir, { schemaFile })).toEqual(defaultSettings(dataDir));
    expect(existsSync(dataPaths(dataDir).toolMemo)).toBe(false);
    db.close();
  });

  it('reuses the check of the same rows under the same schema file; other rows or a new schema file are checked again', async () => {
    const { dataDir, schemaFile, db } = setup();
    new SettingsStore({ db, dataDir, apiKeySet: () => false }).set({ defaultPreset: 'square' });
    expect((await readSavedSettings(db, dataDir, { schemaFile })).defaultPreset).toBe('square');

    // Proof the remembered result is what the next read returns: tamper with it.
    const memoFile = dataPaths(dataDir).toolMemo;
    const memo = JSON.parse(readFileSync(memoFile, 'utf8'));
    memo.entries['saved settings'].value.settings.defaultPreset = 'landscape';
    writeFileSync(memoFile, JSON.stringify(memo));
    expect((await readSavedSettings(db, dataDir, { schemaFile })).defaultPreset).toBe('landscape');

    // A rebuilt schema (new mtime) is checked again.
    utimesSync(schemaFile, new Date(), new Date(Date.now() + 60_000));
    expect((await readSavedSettings(db, dataDir, { schemaFile })).defaultPreset).toBe('square');

    // Changed rows are checked again.
    new SettingsStore({ db, dataDir, apiKeySet: () => false }).set({ defaultPreset: 'reels' });
    expect((await readSavedSettings(db, dataDir, { schemaFile })).defaultPreset).toBe('reels');
    expect(memoValue(dataDir).settings.defaultPreset).toBe('reels');
    db.close();
  });

  it('a row that fails the check warns on every read (such a result is never reused)', async () => {
    const { dataDir, schemaFile, db } = setup();
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('concurrency', '999');
    const warnings: string[] = [];
    for (let i = 0; i < 2; i++) expect((await readSavedSettings(db, dataDir, { schemaFile, warn: (w) => warnings.push(w) })).concurrency).toBe(5);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/concurrency has an invalid stored value/);
    db.close();
  });
});
