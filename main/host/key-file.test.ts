import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFileStore, parseSavedKey, serviceKeyFiles } from './key-file.js';

const LOCAL = 'http://127.0.0.1:1234/v1';

describe('the stored key format', () => {
  it('reads the key with its base URL, and a key stored before keys were bound as saved for OpenAI', () => {
    expect(parseSavedKey(JSON.stringify({ key: 'sk-1', baseURL: LOCAL }))).toEqual({ key: 'sk-1', baseURL: LOCAL });
    expect(parseSavedKey('sk-legacy\n')).toEqual({ key: 'sk-legacy', baseURL: '' });
    expect(parseSavedKey('')).toBeNull();
    expect(parseSavedKey('{"key":')).toBeNull();
  });

  it('keeps the key with its base URL in a 0600 file, and never falls back to the environment itself', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-key-'));
    const store = keyFileStore(dir);
    expect(store.get()).toBeNull();
    store.set({ key: 'sk-1', baseURL: LOCAL });
    expect(store.get()).toEqual({ key: 'sk-1', baseURL: LOCAL });
    const file = path.join(dir, 'secrets', 'openai-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ key: 'sk-1', baseURL: LOCAL });
    writeFileSync(file, 'sk-old');
    expect(store.get()).toEqual({ key: 'sk-old', baseURL: '' });
    store.set(null);
    expect(store.get()).toBeNull();
  });
});

describe('the services\' keys', () => {
  it('a saved key wins over its environment variable, which is the fallback; each lives in its own 0600 file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reelforge-service-key-'));
    const env = { ELEVENLABS_API_KEY: 'el-from-env', PEXELS_API_KEY: '  ' };
    const keys = serviceKeyFiles(dir, env);
    expect(keys.elevenlabs.get()).toBe('el-from-env');
    expect(keys.pexels.get()).toBeNull();
    keys.elevenlabs.set(' el-saved ');
    expect(keys.elevenlabs.get()).toBe('el-saved');
    expect(serviceKeyFiles(dir, {}).elevenlabs.get()).toBe('el-saved');
    expect(statSync(path.join(dir, 'secrets', 'elevenlabs-key')).mode & 0o777).toBe(0o600);
    keys.elevenlabs.set('');
    expect(keys.elevenlabs.get()).toBe('el-from-env');
    expect(serviceKeyFiles(dir, {}).pixabay.get()).toBeNull();
  });
});
