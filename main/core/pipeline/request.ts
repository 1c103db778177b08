import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { getBuiltinBackground } from '../media/backgrounds.js';
import { getPreset } from '../media/presets.js';
import { parseVisuals } from '../shots/visual-sources.js';
import { roundRate, VOICE_RATE_MAX, VOICE_RATE_MIN } from '../voice/rate.js';
import type { JobSpec, PresetName, RenderRequest } from './types.js';

export interface RequestDefaults {
  voice: string;
  preset: PresetName;
  background: string;
  captionStyle: string;
  provider: string;
  genre: string;
  durationSec: number;
  language: string;
  quality: 'final' | 'draft';
  size?: { width: number; height: number };
  noCache: boolean;
  /** The musicDir setting: jobs without music of their own get a track from it. */
  music?: string;
  musicVolume?: number;
}

/** `WxH` → size; used for drafts and tests (REELFORGE_TEST_SIZE, --size). */
export function parseSize(text: string, subject: string): { width: number; height: number } {
  const m = /^(\d{2,5})x(\d{2,5})$/.exec(text.trim());
  if (!m) throw new UserError('usage', `${subject} must look like 1080x1920, got "${text}".`, subject);
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width % 2 !== 0 || height % 2 !== 0) throw new UserError('usage', `${subject} must use even numbers (H.264 needs them), got "${text}".`, subject);
  return { width, height };
}

async function requireFile(file: string, what: string, flag: string, folderOk = false): Promise<string> {
  const abs = path.resolve(file);
  try {
    const st = await stat(abs);
    if (folderOk && st.isDirectory()) return abs;
    if (!st.isFile()) throw new UserError('input', `${what} ${abs} is not a file: pass a file for ${flag}.`, abs);
    if (st.size === 0) throw new UserError('input', `${what} ${abs} is empty (0 bytes): pick another file for ${flag}.`, abs);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('input', `${what} ${abs} does not exist: check the path given to ${flag}.`, abs);
  }
  return abs;
}

/**
 * A user's job (flags, CSV row, JSON entry) with defaults filled and every cheap check done
 * up front, so a typo fails in milliseconds instead of after the script is written.
 */
export async function resolveRequest(spec: JobSpec, d: RequestDefaults, checkVoice: (id: string) => Promise<void>): Promise<RenderRequest> {
  const topic = spec.topic?.trim();
  const scriptText = spec.script?.trim();
  const voiceover = spec.voiceover !== undefined && spec.voiceover !== '' ? await requireFile(spec.voiceover, 'Voice-over', '--voiceover') : undefined;
  if (voiceover === undefined && (topic === undefined || topic === '') && (scriptText === undefined || scriptText === '')) {
    throw new UserError('usage', 'The topic is empty: give a topic (--topic "Why cats purr") or a script (--script-file FILE).', 'topic');
  }
  const durationSec = spec.duration ?? d.durationSec;
  if (!Number.isFinite(durationSec) || durationSec < 5 || durationSec > 180) {
    throw new UserError('usage', `Duration must be a number of seconds from 5 to 180, got "${String(spec.duration)}".`, 'duration');
  }
  const preset = spec.preset ?? d.preset;
  getPreset(preset);
  const voice = spec.voice ?? d.voice;
  await checkVoice(voice);
  let background = spec.background ?? d.background;
  if (background.startsWith('builtin:')) getBuiltinBackground(background.slice('builtin:'.length));
  else background = await requireFile(background, 'Background clip', '--background');
  const musicGiven = spec.music ?? d.music;
  const music = musicGiven !== undefined && musicGiven !== '' ? await requireFile(musicGiven, 'Music', '--music', true) : undefined;
  const voiceRate = spec.voiceRate;
  if (voiceRate !== undefined && !(voiceRate >= VOICE_RATE_MIN && voiceRate <= VOICE_RATE_MAX)) {
    throw new UserError('usage', `Voice rate must be from ${VOICE_RATE_MIN} to ${VOICE_RATE_MAX} (1 is the voice's own pace), got "${String(voiceRate)}".`, 'voiceRate');
  }
  const musicVolume = spec.musicVolume ?? d.musicVolume;
  if (musicVolume !== undefined && !(musicVolume >= 0 && musicVolume <= 1)) {
    throw new UserError('usage', `Music volume must be from 0 to 1 (0.5 sits about 12 LU under the voice), got "${String(musicVolume)}".`, 'musicVolume');
  }
  const req: RenderRequest = {
    genre: spec.genre?.trim() || d.genre,
    durationSec,
    language: d.language,
    voice,
    preset,
    background,
    seed: spec.seed ?? 1,
    captionStyle: spec.captionStyle ?? d.captionStyle,
    provider: spec.provider ?? d.provider,
    quality: spec.quality ?? d.quality,
    noCache: d.noCache,
  };
  if (scriptText !== undefined && scriptText !== '') {
    req.scriptText = scriptText;
    if (spec.title?.trim()) req.scriptTitle = spec.title.trim();
    if (spec.hashtags && spec.hashtags.length > 0) req.scriptHashtags = spec.hashtags;
  } else if (topic !== undefined) req.topic = topic;
  if (music !== undefined) req.music = music;
  if (musicVolume !== undefined) req.musicVolume = musicVolume;
  // Only when it differs from the voice's own pace, so every other video keeps its key.
  if (voiceRate !== undefined && voiceRate !== 1) req.voiceRate = roundRate(voiceRate);
  if (spec.duration !== undefined) req.durationGiven = true;
  if (voiceover !== undefined) req.voiceover = { path: voiceover, trimSilence: spec.trimSilence === true };
  if (d.size) req.size = d.size;
  // Shots (#11): sources and their order, the transition, an edited plan.
  if (spec.visuals !== undefined) req.visuals = parseVisuals(spec.visuals);
  if (spec.transition !== undefined) {
    if (spec.transition !== 'cut' && spec.transition !== 'fade') throw new UserError('usage', `--transition must be cut or fade, got "${String(spec.transition)}".`, 'transition');
    req.transition = spec.transition;
  }
  if (spec.shots !== undefined) {
    const file = path.resolve(spec.shots);
    // The plan's schema (zod) loads only for a job that brings one.
    const plan = await (await import('../shots/plan-file.js')).readShotPlan(file);
    req.shots = { file, plan };
    req.transition ??= plan.transition;
  }
  return req;
}
