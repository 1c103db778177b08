/**
 * Create remembers how the creator last set it up (voice, look, preset, quality…), per
 * machine, in localStorage. Values are checked on the way in: a stale or hand-edited entry
 * falls back to the settings' defaults rather than breaking the form.
 */
import type { PresetName } from '../../types/contract';
import type { CreateChoices, Visuals } from './createRules';

const KEY = 'reelforge.create.v1';

export type Remembered = Partial<Pick<CreateChoices, 'mode' | 'genre' | 'duration' | 'voice' | 'voiceRate' | 'preset' | 'quality' | 'visuals' | 'captionStyle' | 'brand' | 'musicVolume'>>;

const PRESETS: readonly PresetName[] = ['shorts', 'tiktok', 'reels', 'square', 'landscape'];

export function parseRemembered(raw: string | null): Remembered {
  if (!raw) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof v !== 'object' || v === null) return {};
  const o = v as Record<string, unknown>;
  const out: Remembered = {};
  if (o.mode === 'topic' || o.mode === 'script') out.mode = o.mode;
  if (typeof o.genre === 'string' && o.genre.length <= 100) out.genre = o.genre;
  if (typeof o.duration === 'number' && o.duration >= 5 && o.duration <= 180) out.duration = Math.round(o.duration);
  if (typeof o.voice === 'string' && o.voice.length <= 200) out.voice = o.voice;
  if (typeof o.preset === 'string' && (PRESETS as readonly string[]).includes(o.preset)) out.preset = o.preset as PresetName;
  if (o.quality === 'final' || o.quality === 'draft') out.quality = o.quality;
  if (typeof o.visuals === 'string' && /^(auto|shots:[a-z,]+|builtin:.+|file:.+)$/.test(o.visuals)) out.visuals = o.visuals as Visuals;
  if (typeof o.captionStyle === 'string' && o.captionStyle.length <= 50) out.captionStyle = o.captionStyle;
  if (typeof o.brand === 'string' && o.brand.length <= 40) out.brand = o.brand;
  if (typeof o.musicVolume === 'number' && o.musicVolume >= 0 && o.musicVolume <= 1) out.musicVolume = o.musicVolume;
  if (typeof o.voiceRate === 'number' && o.voiceRate >= 0.5 && o.voiceRate <= 2) out.voiceRate = o.voiceRate;
  return out;
}

export function loadRemembered(): Remembered {
  try {
    return parseRemembered(window.localStorage.getItem(KEY));
  } catch {
    return {}; // storage disabled
  }
}

export function saveRemembered(c: CreateChoices): void {
  const keep: Remembered = { mode: c.mode, genre: c.genre, duration: c.duration, voice: c.voice, voiceRate: c.voiceRate, preset: c.preset, quality: c.quality, visuals: c.visuals, captionStyle: c.captionStyle, brand: c.brand, musicVolume: c.musicVolume };
  try {
    window.localStorage.setItem(KEY, JSON.stringify(keep));
  } catch {
    // Storage full or disabled: the form still works, it just won't remember.
  }
}
