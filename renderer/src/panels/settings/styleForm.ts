/**
 * Pure helpers for the style editor: immutable edits of a caption style, the name check, and
 * the still-preview request. The core validates everything again (the contract's zod schema);
 * these only keep the form honest while typing.
 */
import type { CaptionStyle, ChannelInput, PresetName, TitleStyle } from '../../types/contract';

export type LayoutMode = 'words' | 'lines';

/** A listed style without the list's `builtin` flag: what the contract's strict schema takes. */
export function plain<T extends { builtin: boolean }>(listed: T): Omit<T, 'builtin'> {
  const { builtin: _builtin, ...rest } = listed;
  return rest;
}

export function layoutMode(s: CaptionStyle): LayoutMode {
  return 'wordsPerCaption' in s.layout ? 'words' : 'lines';
}

/** Switching layout keeps a sensible amount of text per caption. */
export function withLayoutMode(s: CaptionStyle, mode: LayoutMode): CaptionStyle {
  if (layoutMode(s) === mode) return s;
  return { ...s, layout: mode === 'words' ? { wordsPerCaption: 3 } : { charsPerLine: 24, lines: 2 } };
}

export type PositionChoice = 'top' | 'middle' | 'bottom' | 'height';

export function positionChoice(s: Pick<CaptionStyle, 'position'>): PositionChoice {
  return typeof s.position === 'string' ? s.position : 'height';
}

export function withPosition(s: CaptionStyle, choice: PositionChoice, heightPercent = 70): CaptionStyle {
  return { ...s, position: choice === 'height' ? { heightPercent } : choice };
}

/** `Field` of a nested object, updated immutably: patch(s, 'highlight', { mode: 'box' }). */
export function patch<S extends CaptionStyle | TitleStyle, K extends keyof S>(s: S, key: K, value: S[K] extends object | null ? Partial<NonNullable<S[K]>> | null : S[K]): S {
  const current = s[key];
  if (value !== null && typeof value === 'object' && current !== null && typeof current === 'object') {
    return { ...s, [key]: { ...current, ...value } };
  }
  return { ...s, [key]: value };
}

/** A name for a saved style: lower-case letters, digits, dashes; not a built-in's. */
export function nameProblem(name: string, builtinNames: readonly string[]): string | null {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) return 'Use 1–40 lower-case letters, digits or dashes.';
  if (builtinNames.includes(name)) return `"${name}" is a built-in style: pick another name.`;
  return null;
}

/** A copy of a style to edit: named after its base, so saving never overwrites a built-in by accident. */
export function editableCopy(s: CaptionStyle, builtinNames: readonly string[]): CaptionStyle {
  if (!builtinNames.includes(s.name)) return s;
  const name = `${s.name}-mine`.slice(0, 40);
  return { ...s, name, description: `My ${s.name}` };
}

export interface PreviewOptions {
  preset: PresetName;
  text: string;
  atSec: number;
  title: TitleStyle | null;
  titleText: string;
  width: number;
}

export function previewRequest(s: CaptionStyle, o: PreviewOptions): ChannelInput<'looks.preview'> {
  return {
    style: s,
    title: o.title ? { style: o.title, text: o.titleText } : null,
    endCard: null,
    logo: null,
    preset: o.preset,
    text: o.text.trim() === '' ? 'Why do cats purr so much?' : o.text,
    atSec: Math.max(0, o.atSec),
    background: 'builtin:aurora',
    width: o.width,
  };
}
