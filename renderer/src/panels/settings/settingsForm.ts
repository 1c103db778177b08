/**
 * The Settings form as strings (what inputs hold) and its validation into a settings.set
 * patch. The limits mirror settingsSchema in the contract, so mistakes are caught inline
 * before the host's own validation answers.
 */
import type { Settings } from '../../types/contract';

export const GIB = 1024 ** 3;

export interface SettingsForm {
  provider: Settings['provider'];
  baseURL: string;
  textModel: string;
  speechModel: string;
  defaultVoice: string;
  defaultPreset: Settings['defaultPreset'];
  captionStyle: string;
  cacheMaxSizeGb: string;
  cacheMaxAgeDays: string;
  outputDir: string;
  ffmpegPath: string;
  concurrency: string;
  workers: string;
  aiConcurrency: string;
  ttsConcurrency: string;
  stopOnError: boolean;
  prices: PriceRow[];
  speechBaseURL: string;
  speechServerModel: string;
  elevenlabsModel: string;
  transcribeBaseURL: string;
  transcribeModel: string;
  musicDir: string;
  /** 0–100 in the form (percent), 0–1 in the settings. */
  musicVolume: string;
}

/** One model's prices as typed: USD per 1M input tokens, output tokens, speech characters. */
export interface PriceRow {
  model: string;
  inputPerM: string;
  outputPerM: string;
  charactersPerM: string;
}

const PRICE_FIELDS = ['inputPerM', 'outputPerM', 'charactersPerM'] as const;

export type FormErrors = Partial<Record<keyof SettingsForm, string>>;

export function formFromSettings(s: Settings): SettingsForm {
  return {
    provider: s.provider,
    baseURL: s.baseURL,
    textModel: s.textModel,
    speechModel: s.speechModel,
    defaultVoice: s.defaultVoice,
    defaultPreset: s.defaultPreset,
    captionStyle: s.captionStyle,
    cacheMaxSizeGb: trimNumber(s.cacheMaxSizeBytes / GIB),
    cacheMaxAgeDays: trimNumber(s.cacheMaxAgeDays),
    outputDir: s.outputDir,
    ffmpegPath: s.ffmpegPath,
    concurrency: String(s.concurrency),
    workers: String(s.workers),
    aiConcurrency: String(s.aiConcurrency),
    ttsConcurrency: String(s.ttsConcurrency),
    stopOnError: s.stopOnError,
    speechBaseURL: s.speechBaseURL,
    speechServerModel: s.speechServerModel,
    elevenlabsModel: s.elevenlabsModel,
    transcribeBaseURL: s.transcribeBaseURL,
    transcribeModel: s.transcribeModel,
    musicDir: s.musicDir,
    musicVolume: trimNumber(Math.round(s.musicVolume * 100)),
    prices: Object.entries(s.prices)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([model, p]) => ({ model, inputPerM: priceText(p.inputPerM), outputPerM: priceText(p.outputPerM), charactersPerM: priceText(p.charactersPerM) })),
  };
}

function priceText(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}

/** Rows → price table. Blank cells mean "not billed that way"; a model may appear once. */
export function pricesFromRows(rows: PriceRow[]): Settings['prices'] | string {
  // A Map, not an object: model names such as "constructor" or "__proto__" are plain names here.
  const table = new Map<string, Settings['prices'][string]>();
  for (const row of rows) {
    const model = row.model.trim();
    const filled = PRICE_FIELDS.some((f) => row[f].trim() !== '');
    if (model === '' && !filled) continue; // an empty row the user added and left
    if (model === '') return 'Every price row needs a model name.';
    if (model.length > 100) return `The model name "${model.slice(0, 20)}…" is longer than 100 characters.`;
    if (table.has(model)) return `${model} is listed twice: keep one row per model.`;
    const price: Settings['prices'][string] = {};
    for (const f of PRICE_FIELDS) {
      const text = row[f].trim();
      if (text === '') continue;
      const n = Number(text);
      if (!Number.isFinite(n) || n < 0 || n > 100_000) return `${model}: prices are dollars per million, from 0 to 100000 (got "${text}").`;
      price[f] = n;
    }
    table.set(model, price);
  }
  if (table.size > 500) return 'At most 500 models can be priced.';
  return Object.fromEntries(table);
}

function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function intIn(text: string, lo: number, hi: number, what: string): number | string {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n)) return `${what} must be a whole number.`;
  if (n < lo || n > hi) return `${what} must be from ${lo} to ${hi}.`;
  return n;
}

function numberIn(text: string, lo: number, hi: number, what: string): number | string {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return `${what} must be a number.`;
  if (n < lo || n > hi) return `${what} must be from ${lo} to ${hi}.`;
  return n;
}

function maxLen(text: string, max: number, what: string): string | null {
  return text.length > max ? `${what} must be at most ${max} characters.` : null;
}

/** Validate every field; the patch holds only fields that differ from `current`. */
export function validateSettingsForm(form: SettingsForm, current: Settings): { patch: Partial<Settings>; errors: FormErrors } {
  const errors: FormErrors = {};
  const next: Partial<Settings> = {};

  const base = form.baseURL.trim();
  if (base !== '' && !/^https?:\/\/[^\s/]+\S*$/i.test(base)) errors.baseURL = 'Base URL must be an http:// or https:// address without spaces, e.g. http://localhost:11434/v1.';
  else if (base.length > 500) errors.baseURL = 'Base URL must be at most 500 characters.';
  else next.baseURL = base;

  for (const [key, example] of [['speechBaseURL', 'http://127.0.0.1:8880/v1'], ['transcribeBaseURL', 'http://127.0.0.1:8000/v1']] as const) {
    const url = form[key].trim();
    if (url !== '' && !/^https?:\/\/[^\s/]+\S*$/i.test(url)) errors[key] = `Must be empty or an http:// address without spaces, e.g. ${example}.`;
    else if (url.length > 500) errors[key] = 'Must be at most 500 characters.';
    else next[key] = url;
  }
  const volume = numberIn(form.musicVolume, 0, 100, 'Music volume');
  if (typeof volume === 'string') errors.musicVolume = volume;
  else next.musicVolume = Math.round(volume) / 100;

  const text: [keyof SettingsForm & keyof Settings, number, string][] = [
    ['textModel', 100, 'Text model'],
    ['speechModel', 100, 'Speech model'],
    ['defaultVoice', 200, 'Default voice'],
    ['captionStyle', 50, 'Caption style'],
    ['outputDir', 4096, 'Output folder'],
    ['speechServerModel', 200, 'Speech server model'],
    ['elevenlabsModel', 100, 'ElevenLabs model'],
    ['transcribeModel', 100, 'Transcription model'],
    ['musicDir', 4096, 'Music folder'],
    ['ffmpegPath', 4096, 'ffmpeg'],
  ];
  for (const [key, max, what] of text) {
    const value = String(form[key]).trim();
    const problem = maxLen(value, max, what);
    if (problem) errors[key] = problem;
    else (next as Record<string, unknown>)[key] = value;
  }
  if (!errors.captionStyle && form.captionStyle.trim() === '') errors.captionStyle = 'Choose a caption style.';

  const gb = numberIn(form.cacheMaxSizeGb, 0.0625, 1_048_576, 'Cache max size (GB)');
  if (typeof gb === 'string') errors.cacheMaxSizeGb = gb;
  // The field shows GB rounded to 0.01; untouched, it must not rewrite the exact byte count.
  else if (form.cacheMaxSizeGb.trim() !== formFromSettings(current).cacheMaxSizeGb) next.cacheMaxSizeBytes = Math.round(gb * GIB);

  const days = numberIn(form.cacheMaxAgeDays, 0.01, 3650, 'Cache max age (days)');
  if (typeof days === 'string') errors.cacheMaxAgeDays = days;
  else next.cacheMaxAgeDays = days;

  const ints: [keyof SettingsForm & keyof Settings, number, number, string][] = [
    ['concurrency', 1, 10, 'Concurrency'],
    ['workers', 1, 32, 'Workers'],
    ['aiConcurrency', 1, 16, 'AI calls at once'],
    ['ttsConcurrency', 1, 16, 'Voice calls at once'],
  ];
  for (const [key, lo, hi, what] of ints) {
    const v = intIn(String(form[key]), lo, hi, what);
    if (typeof v === 'string') errors[key] = v;
    else (next as Record<string, unknown>)[key] = v;
  }

  const prices = pricesFromRows(form.prices);
  if (typeof prices === 'string') errors.prices = prices;
  else next.prices = prices;

  next.provider = form.provider;
  next.defaultPreset = form.defaultPreset;
  next.stopOnError = form.stopOnError;

  const patch: Partial<Settings> = {};
  for (const [key, value] of Object.entries(next) as [keyof Settings, Settings[keyof Settings]][]) {
    if (stableJson(current[key]) !== stableJson(value)) (patch as Record<string, unknown>)[key] = value;
  }
  return { patch, errors };
}

/** JSON with object keys sorted, so a price table read in another order is still "unchanged". */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => a.localeCompare(b))) : val,
  );
}

/** "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) …" → "5.1.9-0+deb12u1"; anything else as is. */
export function shortFfmpegVersion(banner: string): string {
  return /version\s+(\S+)/.exec(banner)?.[1] ?? banner;
}
