import { describe, expect, it } from 'vitest';
import { tempDb } from '../batch/test-helpers.js';
import { coerceSetting, parseByteSize } from './coerce.js';
import { defaultSettings, GIB } from './defaults.js';
import { SettingsStore } from './store.js';

describe('SettingsStore', () => {
  it('starts from the documented defaults', () => {
    const { db } = tempDb();
    const s = new SettingsStore({ db, dataDir: '/data', apiKeySet: () => false }).get();
    expect(s).toMatchObject({
      provider: 'auto', concurrency: 5, cacheMaxSizeBytes: 5 * GIB, cacheMaxAgeDays: 7, defaultPreset: 'shorts',
      defaultVoice: 'system:en-us', captionStyle: 'bold', aiConcurrency: 4, ttsConcurrency: 2, stopOnError: false,
      outputDir: '/data/videos', apiKeySet: false,
    });
    expect(defaultSettings('/d', 8).workers).toBe(7);
    expect(defaultSettings('/d', 1).workers).toBe(2);
  });

  it('validates, persists across instances, reports changes and the key flag', () => {
    const { db } = tempDb();
    let key = false;
    const a = new SettingsStore({ db, dataDir: '/data', apiKeySet: () => key });
    const changes: string[][] = [];
    a.onChange((_s, changed) => changes.push(changed));
    a.set({ concurrency: 8, stopOnError: true });
    expect(() => a.set({ concurrency: 11 })).toThrow(/concurrency/);
    expect(() => a.set({ nope: 1 } as never)).toThrow(/Invalid setting/);
    key = true;
    const b = new SettingsStore({ db, dataDir: '/data', apiKeySet: () => key });
    expect(b.get()).toMatchObject({ concurrency: 8, stopOnError: true, apiKeySet: true });
    expect(changes).toEqual([['concurrency', 'stopOnError']]);
    const rows = b.list();
    expect(rows.find((r) => r.key === 'concurrency')).toEqual({ key: 'concurrency', value: 8, isDefault: false });
    expect(rows.find((r) => r.key === 'provider')?.isDefault).toBe(true);
    expect(rows.map((r) => r.key)).not.toContain('apiKey');
  });

  it('a saved price table adds to the built-in one model by model, and an unchanged table is no change', () => {
    const { db } = tempDb();
    const store = new SettingsStore({ db, dataDir: '/d', apiKeySet: () => false });
    const builtIn = store.get().prices;
    expect(builtIn['gpt-4o-mini']).toEqual({ inputPerM: 0.15, outputPerM: 0.6 });
    const changes: string[][] = [];
    store.onChange((_s, changed) => changes.push(changed));
    store.set({ prices: { 'gpt-4o-mini': { inputPerM: 1, outputPerM: 2 }, llama3: { inputPerM: 0, outputPerM: 0 } } });
    const after = new SettingsStore({ db, dataDir: '/d', apiKeySet: () => false }).get().prices;
    expect(after['gpt-4o-mini']).toEqual({ inputPerM: 1, outputPerM: 2 });
    expect(after.llama3).toEqual({ inputPerM: 0, outputPerM: 0 });
    expect(after['tts-1']).toEqual(builtIn['tts-1']);
    store.set({ prices: structuredClone(after) });
    expect(changes).toEqual([['prices']]);
    expect(() => store.set({ prices: { x: { inputPerM: -1 } } })).toThrow(/Invalid setting prices\.x\.inputPerM/);
  });

  it('stores only prices that differ from the built-in table, and a second set adds to the first', () => {
    const { db } = tempDb();
    const store = new SettingsStore({ db, dataDir: '/d', apiKeySet: () => false });
    const builtIn = store.get().prices;
    store.set({ prices: { ...builtIn, llama3: { inputPerM: 0 } } });
    store.set({ prices: { 'gpt-4o': { inputPerM: 3, outputPerM: 12 } } });
    const row = db.prepare("SELECT value FROM settings WHERE key = 'prices'").pluck().get() as string;
    expect(JSON.parse(row)).toEqual({ llama3: { inputPerM: 0 }, 'gpt-4o': { inputPerM: 3, outputPerM: 12 } });
    expect(store.get().prices['tts-1']).toEqual(builtIn['tts-1']);
  });

  it('refuses a base URL the provider would refuse, and a stored one falls back to the default', () => {
    const { db } = tempDb();
    const warnings: string[] = [];
    const store = new SettingsStore({ db, dataDir: '/d', apiKeySet: () => false, warn: (w) => warnings.push(w) });
    expect(() => store.set({ baseURL: 'http://127.0.0.1:1234/v1 extra' })).toThrow(/Invalid setting baseURL/);
    expect(() => store.set({ baseURL: 'localhost:1234' })).toThrow(/Invalid setting baseURL/);
    expect(store.set({ baseURL: 'http://127.0.0.1:1234/v1' }).baseURL).toBe('http://127.0.0.1:1234/v1');
    db.prepare("UPDATE settings SET value = '\"ftp://old\"' WHERE key = 'baseURL'").run();
    expect(store.get().baseURL).toBe('');
    expect(warnings.join('\n')).toMatch(/baseURL has an invalid stored value/);
  });

  it('refuses a relative output folder, naming the field', () => {
    const { db } = tempDb();
    const store = new SettingsStore({ db, dataDir: '/d', apiKeySet: () => false });
    expect(() => store.set({ outputDir: 'relative/folder' })).toThrow(/Invalid setting outputDir: must be an absolute folder path/);
    expect(() => store.set({ musicDir: 'Music/shorts' })).toThrow(/Invalid setting musicDir/);
    expect(store.set({ musicDir: '' }).musicDir).toBe('');
    expect(store.set({ musicDir: '/home/me/Music' }).musicDir).toBe('/home/me/Music');
    try {
      store.set({ outputDir: 'videos' });
    } catch (err) {
      expect(err).toMatchObject({ subject: 'outputDir' });
    }
    expect(store.set({ outputDir: '/home/me/Videos' })).toMatchObject({ outputDir: '/home/me/Videos' });
    expect(store.set({ outputDir: 'C:\\Users\\me\\Videos' }).outputDir).toBe('C:\\Users\\me\\Videos');
    // A relative folder saved by an older build that did not check: the default is used, with a warning.
    db.prepare("UPDATE settings SET value = '\"videos\"' WHERE key = 'outputDir'").run();
    expect(store.get().outputDir).toBe('/d/videos');
  });

  it('falls back to the default for a damaged stored value, with a warning', () => {
    const { db } = tempDb();
    db.prepare("INSERT INTO settings (key, value) VALUES ('concurrency', '\"lots\"'), ('provider', 'not json')").run();
    const warnings: string[] = [];
    const s = new SettingsStore({ db, dataDir: '/d', apiKeySet: () => false, warn: (w) => warnings.push(w) }).get();
    expect(s.concurrency).toBe(5);
    expect(s.provider).toBe('auto');
    expect(warnings).toHaveLength(2);
  });
});

describe('coerceSetting', () => {
  it('types numbers, booleans and sizes, and refuses what the schema refuses', () => {
    expect(coerceSetting('concurrency', '3')).toEqual({ concurrency: 3 });
    expect(coerceSetting('stopOnError', 'yes')).toEqual({ stopOnError: true });
    expect(coerceSetting('cacheMaxSizeBytes', '2GiB')).toEqual({ cacheMaxSizeBytes: 2 * GIB });
    expect(coerceSetting('provider', 'offline')).toEqual({ provider: 'offline' });
    expect(() => coerceSetting('concurrency', 'many')).toThrow(/must be a number/);
    expect(() => coerceSetting('concurrency', '0')).toThrow(/Invalid concurrency/);
    expect(() => coerceSetting('provider', 'claude')).toThrow(/Invalid provider/);
    expect(() => coerceSetting('apiKey', 'sk-1')).toThrow(/Unknown setting/);
    expect(coerceSetting('prices', '{"llama3":{"inputPerM":0,"outputPerM":0}}')).toEqual({ prices: { llama3: { inputPerM: 0, outputPerM: 0 } } });
    expect(() => coerceSetting('prices', 'cheap')).toThrow(/prices must be JSON/);
    expect(() => coerceSetting('prices', '{"llama3":{"inputPerM":"free"}}')).toThrow(/Invalid prices .* at llama3\.inputPerM/);
    expect(parseByteSize('500 MB')).toBe(500 * 1024 ** 2);
    expect(parseByteSize('5 parsecs')).toBeNull();
  });
});
