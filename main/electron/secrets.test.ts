/** The safeStorage key store with a fake keyring (no Electron binary): async calls only, in order. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ safeStorage: {} }));
const { openSafeStorageSecrets } = await import('./secrets.js');

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
    const store = await openSafeStorageSecrets(userData, { safeStorage: k.storage, platform: 'linux', env: {} });
    expect(store.get()).toBeNull();
    store.set('  sk-test-123  ');
    expect(store.get()).toBe('sk-test-123');
    await store.flush();
    const file = path.join(userData, 'secrets', 'openai-key.bin');
    expect(readFileSync(file, 'utf8')).not.toContain('sk-test-123');

    const again = await openSafeStorageSecrets(userData, { safeStorage: k.storage, platform: 'linux', env: {} });
    expect(again.get()).toBe('sk-test-123');
    again.set(null);
    await again.flush();
    expect(existsSync(file)).toBe(false);
    expect(k.calls).not.toContain('encryptString');
  });

  it('refuses to store a key without a real keyring (basic_text), saying what to do', async () => {
    const store = await openSafeStorageSecrets(path.join(dir, 'b'), { safeStorage: fakeKeyring({ backend: 'basic_text' }).storage, platform: 'linux', env: {} });
    expect(() => store.set('sk-x')).toThrow(/keyring/);
    const none = await openSafeStorageSecrets(path.join(dir, 'c'), { safeStorage: fakeKeyring({ available: false }).storage, platform: 'darwin', env: {} });
    expect(() => none.set('sk-x')).toThrow(/keyring/);
  });

  it('falls back to OPENAI_API_KEY, ignores an unreadable blob and re-encrypts after a key rotation', async () => {
    const userData = path.join(dir, 'd');
    const k = fakeKeyring({ reEncrypt: true });
    const first = await openSafeStorageSecrets(userData, { safeStorage: k.storage, platform: 'win32', env: { OPENAI_API_KEY: 'sk-env' } });
    expect(first.get()).toBe('sk-env');
    first.set('sk-saved');
    await first.flush();
    k.calls.length = 0;
    const second = await openSafeStorageSecrets(userData, { safeStorage: k.storage, platform: 'win32', env: {} });
    await second.flush();
    expect(second.get()).toBe('sk-saved');
    expect(k.calls).toEqual(['available', 'decrypt', 'encrypt']);
    const other = await openSafeStorageSecrets(userData, { safeStorage: { ...k.storage, decryptStringAsync: async () => { throw new Error('other user'); } }, platform: 'win32', env: {} });
    expect(other.get()).toBeNull();
  });
});
