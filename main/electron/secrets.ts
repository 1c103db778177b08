/**
 * The desktop app's API key store: encrypted with safeStorage (Keychain on macOS, DPAPI on
 * Windows, kwallet/libsecret on Linux) in `<userData>/secrets/openai-key.bin`. The key stays in
 * the main process: the renderer can only set or clear it (settings.setApiKey) and learn whether
 * one is set. Nothing here logs the key or its ciphertext.
 *
 * safeStorage's synchronous calls are deprecated in Electron 45 (desktop-review D11), while the
 * Studio asks for the key synchronously. So the key is decrypted once at start-up, kept in memory,
 * and every change is encrypted and written in the background, in order; `flush()` (on quit)
 * waits for the last write.
 *
 * On Linux without a keyring safeStorage falls back to a hard-coded password ('basic_text'); we
 * refuse to store the key then rather than pretend it is protected, and say what to do.
 *
 * The encrypted text is the key and the base URL it was saved for (host/key-file.ts's format;
 * main/core/settings/api-key.ts sends it nowhere else); an older blob holding the key alone counts
 * as saved for OpenAI's own API. OPENAI_API_KEY is not this store's business: the same chooser
 * pairs it with OPENAI_BASE_URL.
 */
import { safeStorage as electronSafeStorage } from 'electron';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { SavedKey } from '../core/settings/api-key.js';
import { SERVICE_KEYS, type ServiceKeyName } from '../core/settings/service-keys.js';
import { OPENAI_SECRET, parseSavedKey, serviceSecret, type SecretName, type SecretStore } from '../host/key-file.js';

/** The part of Electron's safeStorage this store uses (a fake in tests). */
export interface AsyncSafeStorage {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
}

export interface DesktopSecretStore extends SecretStore {
  /** Resolves when every change so far is on disk (or failed and was logged). */
  flush(): Promise<void>;
}

const noKeyring = (envVar: string): string => `No system keyring is available to protect the API key: install and unlock a Secret Service keyring (GNOME Keyring or KWallet), or set ${envVar} in the environment.`;

export async function openSafeStorageSecrets(
  userData: string,
  /** `name`: which secret (the OpenAI key by default; the stock sites' keys for #11). */
  opts: { safeStorage?: AsyncSafeStorage; platform?: NodeJS.Platform; log?: (line: string) => void; name?: SecretName } = {},
): Promise<DesktopSecretStore> {
  const storage = opts.safeStorage ?? electronSafeStorage;
  const platform = opts.platform ?? process.platform;
  const log = opts.log ?? (() => {});
  const dir = path.join(userData, 'secrets');
  const name = opts.name ?? OPENAI_SECRET;
  const file = path.join(dir, `${name.file}.bin`);
  const protectedStorage = (await storage.isAsyncEncryptionAvailable()) && !(platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text');

  let writes: Promise<void> = Promise.resolve();
  const persist = (saved: SavedKey | null): void => {
    writes = writes.then(async () => {
      if (saved === null) {
        rmSync(file, { force: true });
        return;
      }
      const blob = await storage.encryptStringAsync(JSON.stringify(saved));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, blob, { mode: 0o600 });
      renameSync(tmp, file);
    }).catch((err: unknown) => log(`[secrets] could not save the API key: ${err instanceof Error ? err.message : String(err)}`));
  };

  let current: SavedKey | null = null;
  try {
    const decrypted = await storage.decryptStringAsync(await readFile(file));
    current = parseSavedKey(decrypted.result);
    // The keyring rotated its key: store the key again under the new one.
    if (decrypted.shouldReEncrypt && current !== null && protectedStorage) persist(current);
  } catch {
    // No file, or encrypted under another OS user or keyring: unusable, so behave as if none were set.
    current = null;
  }

  return {
    get() {
      return current;
    },
    set(next) {
      if (next === null || next.key.trim() === '') {
        current = null;
        persist(null);
        return;
      }
      if (!protectedStorage) throw new UserError('config', noKeyring(name.envVar), 'apiKey');
      current = { key: next.key.trim(), baseURL: next.baseURL };
      persist(current);
    },
    flush() {
      return writes;
    },
  };
}

/** Every service's key (stock sites, ElevenLabs: core/settings/service-keys.ts), each in its own encrypted file. */
export async function openServiceSecrets(
  userData: string,
  opts: { safeStorage?: AsyncSafeStorage; platform?: NodeJS.Platform; log?: (line: string) => void } = {},
): Promise<Record<ServiceKeyName, DesktopSecretStore>> {
  const stores = await Promise.all(SERVICE_KEYS.map(async (name) => [name, await openSafeStorageSecrets(userData, { ...opts, name: serviceSecret(name) })] as const));
  return Object.fromEntries(stores) as Record<ServiceKeyName, DesktopSecretStore>;
}
