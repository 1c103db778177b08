/** The safeStorage key store with a fake keyring (no Electron binary): async calls only, in order. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ safeStorage: {} }));
const { openSafeStorageSecrets, openServiceSecrets } = await import('./secrets.js');

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reversible "encryption" that records which API was used. */
function fakeKeyring(opts: { available?: boolean; backend?: string; reEncrypt?: boolean } = {}) {
  const calls: string[] = [];
  return {
    calls,
    storage: {
      isAsyncEncryptionAvailable: async () => (calls.push('available'), opts.available ?? true),
      encryptStringAsync: async (s: string) => (calls.push('encrypt'), Buffer.from(`enc:${[...s].reverse().join('')}`)),
      decryptStringAsync: async (b: Buffer) => {
        calls.push('decrypt');
        const text = b.toString();
        if (!text.startsWith('enc:')) throw new Error('not ours');
        return { result: [...text.slice(4)].reverse().join(''), shouldReEncrypt: opts.reEncrypt ?? false };
      },
      getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    },
  };
}

describe('openSafeStorageSecrets', () => {
  it('encrypts a saved key, reads it back after a restart, and clears it', async () => {
    const userData = path.join(dir, 'a');
    const k = fakeKeyring();
    const store = await openSafeStorageSecrets(userData, { safeStorage: k.storage, platform: 'linux' });
    expect(store.get()).toBeNull();
    store.set({ key: '  sk-test-123  ', baseURL: 'http://127.0.0.1:1234/v1' });
    expect(store.get()).toEqual({ key: 'sk-test-123', baseURL: 'http://127.0.0.1:1234/v1' });
    await store.flush();
    const file = path.join(userData, 'secrets', 'openai-key.bin');
    expect(readFileSync(file, 'utf8')).not.toContain('sk-test-123');

    const again = await openSafeStorageSecrets(userData, { safeStorage: k.storage, platform: 'linux' });
    // The base URL it was saved for comes back with it: the key is sent nowhere else.
    expect(again.get()).toEqual({ key: 'sk-test-123', baseURL: 'http://127.0.0.1:1234/v1' });
    again.set(null);
    await again.flush();
    expect(existsSync(file)).toBe(false);
    expect(k.calls).not.toContain('encryptString');
  });

  it('refuses to store a key without a real keyring (basic_text), saying what to do', async () => {
    const store = await openSafeStorageSecrets(path.join(dir, 'b'), { safeStorage: fakeKeyring({ backend: 'basic_text' }).storage, platform: 'linux' });
    expect(() => store.set({ key: 'sk-x', baseURL: '' })).toThrow(/keyring/);
    const none = await openSafeStorageSecrets(path.join(dir, 'c'), { safeStorage: fakeKeyring({ available: false }).storage, platform: 'darwin' });
    expect(() => none.set({ key: 'sk-x', baseURL: '' })).toThrow(/keyring/);
  });

  it('reads a key saved before keys were bound as saved for OpenAI, ignores an unreadable blob and re-encrypts after a key rotation', async () => {
    const userData = path.join(dir, 'd');
    const k = fakeKeyring({ reEncrypt: true });
    const file = path.join(userData, 'secrets', 'openai-key.bin');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await k.storage.encryptStringAsync('sk-saved'));
    k.calls.length = 0;
    const second = await openSafeStorageSecrets(userData, { safeStorage: k.storage, platform: 'win32' });
    await second.flush();
    expect(second.get()).toEqual({ key: 'sk-saved', baseURL: '' });
    expect(k.calls).toEqual(['available', 'decrypt', 'encrypt']);
    const other = await openSafeStorageSecrets(userData, { safeStorage: { ...k.storage, decryptStringAsync: async () => { throw new Error('other user'); } }, platform: 'win32' });
    expect(other.get()).toBeNull();
  });

  it('keeps each service\'s key (stock sites, ElevenLabs) in its own encrypted file', async () => {
    const userData = path.join(dir, 'e');
    const k = fakeKeyring();
    const stores = await openServiceSecrets(userData, { safeStorage: k.storage, platform: 'linux' });
    expect(Object.keys(stores)).toEqual(['pexels', 'pixabay', 'elevenlabs']);
    stores.elevenlabs.set({ key: 'el-desktop-key', baseURL: '' });
    await stores.elevenlabs.flush();
    const file = path.join(userData, 'secrets', 'elevenlabs-key.bin');
    expect(readFileSync(file, 'utf8')).not.toContain('el-desktop-key');
    const again = await openServiceSecrets(userData, { safeStorage: k.storage, platform: 'linux' });
    expect(again.elevenlabs.get()?.key).toBe('el-desktop-key');
    expect(again.pexels.get()).toBeNull();
  });
});
