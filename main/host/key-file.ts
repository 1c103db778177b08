/**
 * The browser host's API key store. There is no OS keychain without Electron, so the key lives
 * in `<dataDir>/secrets/openai-key` with mode 0600 in a 0700 folder: readable only by the user
 * who runs `reelforge serve`. It is never served (/files/ sends media types only), never sent
 * to the page (settings report only whether a key is set) and never logged. OPENAI_API_KEY in
 * the environment is used when no key has been saved.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';

export interface SecretStore {
  get(): string | null;
  set(key: string | null): void;
}

/** Which secret: the OpenAI key by default; the stock sites' keys (#11) under their own names. */
export interface SecretName {
  file: string;
  envVar: string;
}

export const OPENAI_SECRET: SecretName = { file: 'openai-key', envVar: 'OPENAI_API_KEY' };
export const PEXELS_SECRET: SecretName = { file: 'pexels-key', envVar: 'PEXELS_API_KEY' };
export const PIXABAY_SECRET: SecretName = { file: 'pixabay-key', envVar: 'PIXABAY_API_KEY' };

export function keyFileStore(dataDir: string, env: NodeJS.ProcessEnv = process.env, name: SecretName = OPENAI_SECRET): SecretStore {
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, name.file);
  return {
    get() {
      try {
        const key = readFileSync(file, 'utf8').trim();
        if (key !== '') return key;
      } catch {
        // No saved key: fall through to the environment.
      }
      return env[name.envVar]?.trim() || null;
    },
    set(key) {
      if (key === null || key.trim() === '') {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, key.trim(), { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
