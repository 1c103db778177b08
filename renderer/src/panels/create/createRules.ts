/** Pure rules behind the Create form, unit-tested. */
import type { CreatePreview, JobSpecInput, PresetName } from '../../types/contract';

/** Validates duration text: whole seconds 5–180, the range the pipeline accepts. */
export function parseDuration(text: string): number | string {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return 'Duration must be a number of seconds.';
  if (n < 5 || n > 180) return 'Duration must be between 5 and 180 seconds.';
  return Math.round(n);
}

export const GENRES = ['facts', 'story', 'motivation', 'history', 'science', 'tech', 'finance', 'comedy', 'horror', 'lifehack'];

/** Speaking pace the length estimate uses: ~2.5 words a second is brisk short-form narration. */
export const WORDS_PER_SECOND = 2.5;

export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}']+/gu) ?? []).length;
}

/** Seconds the text takes to say at short-form pace. */
export function spokenSeconds(text: string): number {
  return Math.round(wordCount(text) / WORDS_PER_SECOND);
}

/** "≈ 14 s spoken · 4 s over your 10 s": so a creator trims before voicing, not after. */
export function lengthNote(text: string, targetSec: number): { text: string; over: boolean } {
  const s = spokenSeconds(text);
  const diff = s - targetSec;
  if (Math.abs(diff) <= Math.max(2, targetSec * 0.15)) return { text: `≈ ${s} s spoken · on target`, over: false };
  return diff > 0 ? { text: `≈ ${s} s spoken · ${diff} s over your ${targetSec} s`, over: true } : { text: `≈ ${s} s spoken · ${-diff} s under your ${targetSec} s`, over: false };
}

/** The script as the creator edits it after Preview: plain fields, one spoken line per text line. */
export interface ScriptDraft {
  title: string;
  hook: string;
  /** The lines after the hook, one per line of text. */
  body: string;
  /** Space- or comma-separated, with or without '#'. */
  hashtags: string;
}

export function draftFromPreview(p: CreatePreview): ScriptDraft {
  return { title: p.script.title, hook: p.script.hook, body: p.script.lines.join('\n'), hashtags: p.script.hashtags.join(' ') };
}

/** What is spoken: the hook, then each line, one per line (the pipeline splits sentences per line). */
export function spokenText(d: ScriptDraft): string {
  return [d.hook, ...d.body.split('\n')].map((l) => l.trim()).filter(Boolean).join('\n');
}

export function parseHashtags(text: string): string[] {
  const tags = text
    .split(/[\s,]+/)
    .map((t) => t.replace(/^#+/, '').replace(/[^\p{L}\p{N}_]/gu, ''))
    .filter(Boolean)
    .map((t) => `#${t.slice(0, 59)}`);
  return [...new Set(tags)].slice(0, 30);
}

export function sameDraft(a: ScriptDraft, b: ScriptDraft): boolean {
  return a.title.trim() === b.title.trim() && spokenText(a) === spokenText(b) && parseHashtags(a.hashtags).join(' ') === parseHashtags(b.hashtags).join(' ');
}

/**
 * Where the picture comes from: a picture per sentence from the sources named, in order
 * (`shots:library,stock,builtin`); a clip from the creator's dropped clips matched to the topic
 * (`auto`); a built-in look; or one clip.
 */
export type Visuals = 'auto' | `shots:${string}` | `builtin:${string}` | `file:${string}`;

/** The default: the footage library when it matches, stock when a key is set, the built-in look otherwise. */
export const DEFAULT_VISUALS: Visuals = 'shots:library,stock,builtin';

export const SHOT_SOURCES: { value: Visuals; label: string }[] = [
  { value: 'shots:library,stock,builtin', label: 'A picture per sentence: my footage, then stock, then the look' },
  { value: 'shots:library,builtin', label: 'A picture per sentence from my footage' },
  { value: 'shots:stock,builtin', label: 'A picture per sentence from stock (Pexels, Pixabay)' },
];

export interface CreateChoices {
  mode: 'topic' | 'script';
  topic: string;
  /** The creator's own script (mode 'script'). */
  ownScript: string;
  genre: string;
  duration: number;
  voice: string;
  /** The voice's speed, 0.5–2 (1: the voice's own pace). */
  voiceRate: number;
  preset: PresetName;
  quality: 'final' | 'draft';
  visuals: Visuals;
  captionStyle: string;
  /** A brand kit's name, or '' for none. */
  brand: string;
  /** A music track path the host accepted (queue.addFiles → musicAdded), or '' (the music folder in Settings, if any). */
  music: string;
  /** 0..1, the music bed's level under the voice. */
  musicVolume: number;
  /** The creator's own voice-over (replaces the synthetic voice), with its pause trimming. */
  voiceover: { path: string; trimSilence: boolean } | null;
}

/**
 * The job Create adds. After a Preview the (possibly edited) script is what gets voiced, with
 * its title and hashtags; without one the topic goes to the writer as usual.
 */
export function jobSpecFrom(c: CreateChoices, draft: ScriptDraft | null): JobSpecInput | string {
  const spec: JobSpecInput = { genre: c.genre.trim() || 'facts', duration: c.duration, preset: c.preset, quality: c.quality };
  if (c.mode === 'script') {
    if (c.ownScript.trim() === '') return 'Write your script first: one sentence or more; the first one is the hook.';
    spec.script = c.ownScript.trim();
  } else if (draft) {
    const text = spokenText(draft);
    if (text === '') return 'The script is empty: write at least a hook, or press Preview again.';
    spec.script = text;
    if (draft.title.trim()) spec.title = draft.title.trim().slice(0, 200);
    const tags = parseHashtags(draft.hashtags);
    if (tags.length > 0) spec.hashtags = tags;
    if (c.topic.trim()) spec.topic = c.topic.trim();
  } else {
    if (c.topic.trim() === '') return 'Write a topic first, e.g. "Why octopuses have three hearts".';
    spec.topic = c.topic.trim();
  }
  if (c.voice) spec.voice = c.voice;
  // A voice-over is the creator's own voice: no speed of ours applies to it.
  if (!c.voiceover && c.voiceRate !== 1) spec.voiceRate = Math.round(Math.min(2, Math.max(0.5, c.voiceRate)) * 100) / 100;
  if (c.captionStyle) spec.captionStyle = c.captionStyle;
  if (c.brand) spec.brand = c.brand;
  if (c.visuals.startsWith('shots:')) spec.visuals = c.visuals.slice('shots:'.length);
  else if (c.visuals.startsWith('builtin:')) {
    spec.background = c.visuals;
    spec.visuals = 'builtin';
  } else if (c.visuals.startsWith('file:')) spec.background = c.visuals.slice('file:'.length);
  if (c.music) spec.music = c.music;
  spec.musicVolume = Math.min(1, Math.max(0, c.musicVolume));
  if (c.voiceover) {
    spec.voiceover = c.voiceover.path;
    if (c.voiceover.trimSilence) spec.trimSilence = true;
  }
  return spec;
}
