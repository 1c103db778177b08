/**
 * The cheap per-row checks every input format shares, so a CSV row, a JSON entry and a
 * dropped .txt line fail with the same words. Deeper checks (voice exists, clip is a video)
 * happen in Engine.resolve when the job runs, and fail that job alone.
 */
import path from 'node:path';
import { isPresetName, PRESET_NAMES } from '../media/presets.js';
import type { JobSpec, PresetName } from '../pipeline/types.js';
import { VOICE_RATE_MAX, VOICE_RATE_MIN } from '../voice/rate.js';

export const TOPIC_MAX = 500;
export const SCRIPT_MAX = 20_000;
export const DURATION_MIN = 5;
export const DURATION_MAX = 180;

/** A duration cell: "", "30", "30s", "45.5" → seconds; anything else is an error message. */
export function parseDuration(text: string): number | { error: string } | undefined {
  const t = text.trim().replace(/s$/i, '').trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return { error: `duration "${text}" is not a number of seconds` };
  if (n < DURATION_MIN || n > DURATION_MAX) return { error: `duration ${n} is outside ${DURATION_MIN}–${DURATION_MAX} seconds` };
  return n;
}

/** A voice rate cell: "", "1.2", "120%" → a speed factor; anything else is an error message. */
export function parseVoiceRate(text: string): number | { error: string } | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1).trim() : t) / (pct ? 100 : 1);
  if (!Number.isFinite(n)) return { error: `voiceRate "${text}" is not a number (1 is the voice's own pace, 1.2 is 20 % faster)` };
  if (n < VOICE_RATE_MIN || n > VOICE_RATE_MAX) return { error: `voiceRate ${n} is outside ${VOICE_RATE_MIN}–${VOICE_RATE_MAX}` };
  return n;
}

export function parsePreset(text: string): PresetName | { error: string } | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return undefined;
  if (!isPresetName(t)) return { error: `unknown preset "${text}": use one of ${PRESET_NAMES.join(', ')}` };
  return t;
}

/** Relative clip/music paths in an input file mean "next to that file", like a playlist. */
export function resolveMediaPath(value: string, baseDir: string): string {
  if (value.startsWith('builtin:')) return value;
  return path.resolve(baseDir, value);
}

/** The error that makes a job unrunnable before it starts, or null. */
export function checkSpec(spec: JobSpec): string | null {
  const topic = spec.topic?.trim() ?? '';
  const script = spec.script?.trim() ?? '';
  if (topic === '' && script === '' && !spec.voiceover?.trim()) return 'no topic, script or voiceover';
  if (topic.length > TOPIC_MAX) return `topic is longer than ${TOPIC_MAX} characters`;
  if (script.length > SCRIPT_MAX) return `script is longer than ${SCRIPT_MAX} characters`;
  return null;
}

/** A short title for lists: the title given with a script, the topic, or the script's first words. */
export function titleOf(spec: JobSpec): string {
  const text = (spec.title?.trim() || spec.topic?.trim() || spec.script?.trim() || 'untitled').replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
