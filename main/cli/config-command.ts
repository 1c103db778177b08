/**
 * `reelforge config list | get KEY | set KEY VALUE [--data-dir DIR] [--json]`: the
 * non-secret settings the desktop app shows, stored in the app database, validated with
 * the contract's schema. The API key is not a setting: the CLI reads OPENAI_API_KEY.
 */
import path from 'node:path';
import { openAppDb } from '../core/batch/app-db.js';
import type { Settings } from '../core/contract.js';
import { UserError } from '../core/errors.js';
import { defaultDataDir } from '../core/paths.js';
import { coerceSetting, isSettingKey, SETTING_KEYS } from '../core/settings/coerce.js';
import { LookLibrary } from '../core/looks/library.js';
import { SettingsStore, type SettingRow } from '../core/settings/store.js';
import { parseCli } from './args.js';
import { EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';

const USAGE = `usage: reelforge config list | get KEY | set KEY VALUE [--data-dir DIR] [--json]

  keys: ${SETTING_KEYS.join(', ')}
  sizes accept units (cacheMaxSizeBytes 5GiB); booleans accept true/false/yes/no;
  prices take JSON, USD per 1M tokens or characters, added to the built-in table:
    reelforge config set prices '{"llama3":{"inputPerM":0,"outputPerM":0}}'
  The OpenAI key is read from OPENAI_API_KEY, never stored by the CLI.`;

/** Pure: "concurrency      5" / "provider         auto  (default)". */
export function formatSettingRows(rows: readonly SettingRow[]): string {
  const width = Math.max(...rows.map((r) => r.key.length)) + 2;
  return `${rows.map((r) => `${r.key.padEnd(width)}${formatValue(r.value)}${r.isDefault ? '  (default)' : ''}`).join('\n')}\n`;
}

export function formatValue(v: Settings[keyof Settings]): string {
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v === 'string' ? (v === '' ? '""' : v) : String(v);
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCli(argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const, USAGE);
    const [action, key, ...rest] = positionals;
    if (values.help || action === undefined) {
      io.stdout.write(`${USAGE}\n`);
      return values.help ? EXIT_OK : 2;
    }
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const need = (n: number): void => {
      if (positionals.length !== n) throw new UserError('usage', `config ${action} takes ${n - 1} argument(s).\n${USAGE}`);
    };
    if (!['list', 'get', 'set'].includes(action)) throw new UserError('usage', `Unknown config action "${action}".\n${USAGE}`);
    if (action === 'get') need(2);
    if (action === 'set') need(3);
    if (action === 'list') need(1);
    if (key !== undefined && !isSettingKey(key)) throw new UserError('usage', `Unknown setting "${key}": settings are ${SETTING_KEYS.join(', ')}.`, key);

    const db = openAppDb(dataDir);
    try {
      const store = new SettingsStore({ db, dataDir, apiKeySet: () => Boolean(process.env.OPENAI_API_KEY), warn: (w) => io.stderr.write(`reelforge: warning: ${w}\n`) });
      if (action === 'list') {
        const rows = store.list();
        if (values.json) writeJsonLine(io, Object.fromEntries(rows.map((r) => [r.key, r.value])));
        else io.stdout.write(formatSettingRows(rows));
        return EXIT_OK;
      }
      const k = key as keyof Settings;
      if (action === 'set') {
        const change = coerceSetting(k, rest[0] as string);
        if (change.captionStyle !== undefined) await new LookLibrary(dataDir).assertCaptionStyle(change.captionStyle);
        const after = store.set(change);
        if (values.json) writeJsonLine(io, { [k]: after[k] });
        else io.stdout.write(`${k} = ${formatValue(after[k])}\n`);
        return EXIT_OK;
      }
      const value = store.get()[k];
      if (values.json) writeJsonLine(io, { [k]: value });
      else io.stdout.write(`${formatValue(value)}\n`);
      return EXIT_OK;
    } finally {
      db.close();
    }
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}
