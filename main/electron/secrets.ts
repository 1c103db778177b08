/**
 * The desktop app's API key store: encrypted with safeStorage (Keychain on macOS, DPAPI on
 * Windows, kwallet/libsecret on Linux) in `<userData>/secrets/openai-key.bin`. The key stays in
 * the main process: the renderer can only set or clear it (settings.setApiKey) and learn whether
 * one is set. Nothing here logs the key or its ciphertext.
 *
 * On Linux without a keyring safeStorage falls back to a hard-coded password ('basic_text'); we
 * refuse to store the key then rather than pretend it is protected, and say what to do.
 */
import { safeStorage } from 'electron';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { OPENAI_SECRET, type SecretName, type SecretStore } from '../host/key-file.js';

export function safeStorageSecrets(userData: string, name: SecretName = OPENAI_SECRET): SecretStore {
  const dir = path.join(userData, 'secrets');
  const file = path.join(dir, `${name.file}.bin`);
  return {
    get() {
      let blob: Buffer;
      try {
        blob = readFileSync(file);
      } catch {
        return process.env[name.envVar]?.trim() || null;
      }
      try {
        return safeStorage.decryptString(blob);
      } catch {
        // Encrypted under another OS user or keyring: unusable, so behave as if none were set.
        return null;
      }
    },
    set(key) {
      if (key === null || key.trim() === '') {
        rmSync(file, { force: true });
        return;
      }
      if (!safeStorage.isEncryptionAvailable() || (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')) {
        throw new UserError('config', `No system keyring is available to protect the API key: install and unlock a Secret Service keyring (GNOME Keyring or KWallet), or set ${name.envVar} in the environment.`, 'apiKey');
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, safeStorage.encryptString(key.trim()), { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
