/**
 * Settings in reelforge.db (table `settings`, one JSON value per key), validated with the
 * contract's schema on the way in and on the way out: a hand-edited or outdated value falls
 * back to its default with a warning instead of breaking start-up. Only keys the user set
 * are stored, so a later release can still change the defaults for everything else.
 *
 * The API key is never stored here: the desktop app keeps it with safeStorage, the CLI reads
 * OPENAI_API_KEY. The store only answers whether one is set, through `apiKeySet`.
 */
import { settingsSchema, type Settings } from '../contract.js';
import type { Db } from '../db.js';
import { UserError } from '../errors.js';
import { defaultSettings } from './defaults.js';

export type SettingsView = Settings & { apiKeySet: boolean };

export interface SettingsStoreOptions {
  db: Db;
  dataDir: string;
  apiKeySet: () => boolean;
  /** Overrides for the built-in defaults (e.g. the engine's default voice). */
  defaults?: Partial<Settings>;
  warn?: (line: string) => void;
}

export interface SettingRow {
  key: keyof Settings;
  value: Settings[keyof Settings];
  /** True when the user never set it (the default applies). */
  isDefault: boolean;
}

const partialSchema = settingsSchema.partial().strict();

export class SettingsStore {
  private readonly defaults: Settings;
  private readonly select;
  private readonly upsert;
  private readonly listeners = new Set<(s: SettingsView, changed: (keyof Settings)[]) => void>();

  constructor(private readonly o: SettingsStoreOptions) {
    this.defaults = { ...defaultSettings(o.dataDir), ...o.defaults };
    this.select = o.db.prepare('SELECT key, value FROM settings');
    this.upsert = o.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  /** Values the user has set, each checked on its own so one bad row spoils nothing else. */
  private stored(): Partial<Settings> {
    const out: Record<string, unknown> = {};
    for (const row of this.select.all() as { key: string; value: string }[]) {
      const field = (settingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[row.key];
      if (!field) continue; // a setting an older or newer version knew
      let value: unknown;
      try {
        value = JSON.parse(row.value);
      } catch {
        value = undefined;
      }
      const parsed = field.safeParse(value);
      if (parsed.success) out[row.key] = parsed.data;
      else this.o.warn?.(`setting ${row.key} has an invalid stored value (${row.value.slice(0, 80)}); using the default`);
    }
    return out as Partial<Settings>;
  }

  /** Defaults under stored values; a stored price table adds to the built-in one, model by model. */
  private merged(stored: Partial<Settings>): Settings {
    return { ...this.defaults, ...stored, prices: { ...this.defaults.prices, ...stored.prices } };
  }

  get(): SettingsView {
    return { ...this.merged(this.stored()), apiKeySet: this.o.apiKeySet() };
  }

  /** Validates and saves; unknown keys and out-of-range values are refused as a whole. */
  set(partial: Partial<Settings>): SettingsView {
    const parsed = partialSchema.safeParse(partial);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || '(settings)';
      throw new UserError('usage', `Invalid setting ${field}: ${issue?.message ?? 'not allowed'}.`, field);
    }
    const changes = parsed.data;
    // Prices are added model by model to what is stored, and only those that differ from the
    // built-in table are kept, so a later release's price updates still reach every model the
    // user did not price.
    if (changes.prices) {
      const table = { ...this.stored().prices, ...changes.prices };
      changes.prices = Object.fromEntries(Object.entries(table).filter(([m, p]) => JSON.stringify(p) !== JSON.stringify(this.defaults.prices[m])));
    }
    const before = this.get();
    this.o.db.transaction(() => {
      for (const k of Object.keys(changes) as (keyof Settings)[]) {
        if (changes[k] !== undefined) this.upsert.run(k, JSON.stringify(changes[k]));
      }
    })();
    const after = this.get();
    const changed = (Object.keys(changes) as (keyof Settings)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    if (changed.length > 0) for (const l of this.listeners) l(after, changed);
    return after;
  }

  list(): SettingRow[] {
    const stored = this.stored();
    const merged = this.merged(stored);
    return (Object.keys(settingsSchema.shape) as (keyof Settings)[]).map((key) => ({ key, value: merged[key], isDefault: !(key in stored) }));
  }

  onChange(listener: (s: SettingsView, changed: (keyof Settings)[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
