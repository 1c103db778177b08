/**
 * The browser host's API key store. There is no OS keychain without Electron, so the key lives
 * in `<dataDir>/secrets/openai-key` with mode 0600 in a 0700 folder: readable only by the user
 * who runs `reelforge serve`. It is never served (/files/ sends media types only), never sent
 * to the page (settings report only whether a key is set) and never logged. It is stored with the
 * base URL it was saved for, and sent nowhere else (main/core/settings/api-key.ts); a file from
 * before keys were bound holds the key alone and counts as saved for OpenAI's own API.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { SavedKey } from '../core/settings/api-key.js';
import { SERVICE_KEY_ENV, SERVICE_KEYS, type ServiceKeyName } from '../core/settings/service-keys.js';

export interface SecretStore {
  get(): SavedKey | null;
  set(saved: SavedKey | null): void;
}

/** The stored text → a key and the base URL it was saved for (shared with the desktop store). */
export function parseSavedKey(text: string): SavedKey | null {
  const t = text.trim();
  if (t === '') return null;
  if (t.startsWith('{')) {
    try {
      const v = JSON.parse(t) as Partial<SavedKey> | null;
      if (typeof v?.key === 'string' && v.key.trim() !== '' && typeof v.baseURL === 'string') return { key: v.key.trim(), baseURL: v.baseURL };
    } catch {
      // fall through: not ours, treat as no key
    }
    return null;
  }
  return { key: t, baseURL: '' };
}

/** Which secret a store keeps: the OpenAI key by default; the services' keys (stock sites, ElevenLabs) under their own names. */
export interface SecretName {
  file: string;
  envVar: string;
}

export const OPENAI_SECRET: SecretName = { file: 'openai-key', envVar: 'OPENAI_API_KEY' };

/** A service's key (main/core/settings/service-keys.ts): `<name>-key`, e.g. secrets/elevenlabs-key. */
export function serviceSecret(name: ServiceKeyName): SecretName {
  return { file: `${name}-key`, envVar: SERVICE_KEY_ENV[name] };
}

/** A plain key with no base URL (a service's): saved, else its environment variable. */
export interface KeyStore {
  get(): string | null;
  set(key: string | null): void;
}

/** A SecretStore read as a plain key, its environment variable the fallback (shared with the desktop store). */
export function plainKeyStore(store: SecretStore, envVar: string, env: NodeJS.ProcessEnv = process.env): KeyStore {
  return {
    get: () => store.get()?.key ?? (env[envVar]?.trim() || null),
    set: (key) => store.set(key === null || key.trim() === '' ? null : { key: key.trim(), baseURL: '' }),
  };
}

/** Every service's key, over the host's stores of them (key files, or the desktop's safeStorage). */
export type ServiceKeyStores = Record<ServiceKeyName, KeyStore>;

export function serviceKeyStores(stores: Readonly<Record<ServiceKeyName, SecretStore>>, env: NodeJS.ProcessEnv = process.env): ServiceKeyStores {
  return Object.fromEntries(SERVICE_KEYS.map((name) => [name, plainKeyStore(stores[name], SERVICE_KEY_ENV[name], env)])) as ServiceKeyStores;
}

/** The services' keys as the browser host saves them (0600 files in the data folder), for it and for the CLI. */
export function serviceKeyFiles(dataDir: string, env: NodeJS.ProcessEnv = process.env): ServiceKeyStores {
  return serviceKeyStores(Object.fromEntries(SERVICE_KEYS.map((name) => [name, keyFileStore(dataDir, serviceSecret(name))])) as Record<ServiceKeyName, SecretStore>, env);
}

export function keyFileStore(dataDir: string, name: SecretName = OPENAI_SECRET): SecretStore {
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, name.file);
  return {
    get() {
      try {
        return parseSavedKey(readFileSync(file, 'utf8'));
      } catch {
        return null;
      }
    },
    set(saved) {
      if (saved === null || saved.key.trim() === '') {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ key: saved.key.trim(), baseURL: saved.baseURL }), { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
