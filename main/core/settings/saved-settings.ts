/**
 * The saved settings for a start-up, validated — without loading the validator when it is not
 * needed. Settings are checked against the contract's schema (zod, ~100 modules: as long to load
 * as Node takes to start) every time they are read, because a row may be hand-edited or written
 * by another version. Most starts read the very rows the previous start already checked, with the
 * very same schema. So the checked result is remembered in the tool memo under the identity of the
 * file holding the schema (a rebuild or upgrade is a new file) together with a digest of the rows
 * and defaults; anything else — other rows, another build, a result that warned — is checked again.
 * With nothing saved at all, the defaults apply and there is nothing to check.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ToolMemo } from '../binaries/tool-memo.js';
import type { Settings } from '../contract.js';
import type { Db } from '../db.js';
import { dataPaths } from '../paths.js';
import { defaultSettings } from './defaults.js';

/** Where the schema lives once compiled (dist/main/core/contract.js); absent when run from source or bundled. */
const SCHEMA_FILE = fileURLToPath(new URL('../contract.js', import.meta.url));

interface Checked {
  digest: string;
  settings: Settings;
  /** A check that warned is never reused, so its warning is shown every time. */
  warned: boolean;
}

export async function readSavedSettings(db: Db, dataDir: string, opts: { warn?: (line: string) => void; schemaFile?: string } = {}): Promise<Settings> {
  const rows = db.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: string }[];
  const defaults = defaultSettings(dataDir);
  if (rows.length === 0) return defaults;
  const digest = createHash('sha256').update(JSON.stringify({ rows, defaults })).digest('hex');
  const check = async (): Promise<Checked> => {
    const { SettingsStore } = await import('./store.js');
    let warned = false;
    const warn = (line: string): void => {
      warned = true;
      opts.warn?.(line);
    };
    const { apiKeySet: _unused, ...settings } = new SettingsStore({ db, dataDir, apiKeySet: () => false, warn }).get();
    return { digest, settings, warned };
  };
  const accept = (v: unknown): v is Checked => {
    const c = v as Partial<Checked> | null;
    return typeof c === 'object' && c !== null && c.digest === digest && c.warned === false && typeof c.settings === 'object' && c.settings !== null;
  };
  const checked = await new ToolMemo(dataPaths(dataDir).toolMemo).answer('saved settings', opts.schemaFile ?? SCHEMA_FILE, check, { accept });
  return checked.settings;
}
