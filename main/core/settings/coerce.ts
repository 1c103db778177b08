/**
 * Text → setting value, for `reelforge config set KEY VALUE`: numbers, booleans and sizes
 * ("5GiB", "500MB") typed the way people type them. The result still goes through the
 * contract's schema, which has the final word on ranges.
 */
import { settingsSchema, type Settings } from '../contract.js';
import { UserError } from '../errors.js';

export const SETTING_KEYS = Object.keys(settingsSchema.shape) as (keyof Settings)[];

export function isSettingKey(key: string): key is keyof Settings {
  return (SETTING_KEYS as string[]).includes(key);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** "5GiB" → 5368709120. Binary units throughout: a cache cap is about disk blocks, not marketing. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = SIZE_UNITS[(m[2] ?? '').toLowerCase()];
  if (unit === undefined) return null;
  return Math.round(Number(m[1]) * unit);
}

export function coerceSetting(key: string, text: string): Partial<Settings> {
  if (!isSettingKey(key)) throw new UserError('usage', `Unknown setting "${key}": settings are ${SETTING_KEYS.join(', ')}.`, key);
  const sample = settingsSchema.shape[key];
  let value: unknown = text;
  if (key === 'cacheMaxSizeBytes' || key === 'uploadMaxBytes') {
    value = parseByteSize(text);
    if (value === null) throw new UserError('usage', `${key} must be a size such as 5GiB or 500MB, got "${text}".`, key);
  } else if (sample.safeParse({}).success) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new UserError('usage', `${key} must be JSON, e.g. '{"gpt-4o-mini":{"inputPerM":0.15,"outputPerM":0.6}}', got "${text.slice(0, 80)}".`, key);
    }
  } else if (sample.safeParse(0).success || sample.safeParse(1).success) {
    value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new UserError('usage', `${key} must be a number, got "${text}".`, key);
  } else if (sample.safeParse(true).success) {
    const t = text.trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(t)) value = true;
    else if (['false', 'no', 'off', '0'].includes(t)) value = false;
    else throw new UserError('usage', `${key} must be true or false, got "${text}".`, key);
  }
  const parsed = sample.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new UserError('usage', `Invalid ${key} "${text.slice(0, 120)}"${where}: ${issue?.message ?? 'not allowed'}.`, key);
  }
  return { [key]: parsed.data } as Partial<Settings>;
}
