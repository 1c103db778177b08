/**
 * The built-in caption and title styles: the looks creators post with. `bold`, `clean` and
 * `pop` keep the names (and looks) of Reelforge's first three styles. Every one passes the same
 * schema as a user's file unchanged (style-schema.test.ts): checked there rather than at load,
 * so a render served whole from the cache never loads zod.
 */
import { UserError } from '../../errors.js';
import type { CaptionStyle, TitleStyle } from './style-schema.js';

const BLACK = '#000000';
const WHITE = '#FFFFFF';
const YELLOW = '#FFE100';

const base = {
  version: 1 as const,
  font: { family: 'Noto Sans', bold: true, sizePercent: 5 },
  fill: WHITE,
  stroke: { width: 9, colour: BLACK },
  shadow: { depth: 4, colour: BLACK, opacity: 0.5 },
  box: null,
  case: 'as-written' as const,
  layout: { wordsPerCaption: 3 },
  position: 'bottom' as const,
  highlight: { mode: 'colour' as const, colour: YELLOW, scalePercent: 100, textOnBox: BLACK },
  entrance: 'none' as const,
  emphasis: { enabled: false, colour: YELLOW },
  emoji: false,
};

const CAPTIONS: CaptionStyle[] = [
  {
    ...base, name: 'bold', description: 'Bold yellow karaoke: white, thick black outline, the spoken word in yellow, three words at a time',
  },
  {
    ...base, name: 'clean', description: 'White with a thin outline and soft shadow, the spoken word in cyan',
    font: { ...base.font, sizePercent: 4.5 }, stroke: { width: 5, colour: BLACK }, shadow: { depth: 6, colour: BLACK, opacity: 0.45 },
    highlight: { ...base.highlight, colour: '#00E1FF' },
  },
  {
    ...base, name: 'pop', description: 'UPPERCASE, heavy outline, the spoken word green and slightly larger',
    font: { ...base.font, sizePercent: 5.2 }, stroke: { width: 11, colour: BLACK }, shadow: { depth: 3, colour: BLACK, opacity: 0.5 },
    case: 'upper', highlight: { ...base.highlight, mode: 'scale', colour: '#33FF66', scalePercent: 112 },
  },
  {
    ...base, name: 'one-word', description: 'One-word pop: a single big word at a time in the middle, popping in; key words yellow, emoji above',
    font: { family: 'Bebas Neue', bold: true, sizePercent: 9 }, stroke: { width: 10, colour: BLACK }, shadow: { depth: 5, colour: BLACK, opacity: 0.6 },
    case: 'upper', layout: { wordsPerCaption: 1 }, position: 'middle', highlight: { ...base.highlight, mode: 'none' },
    entrance: 'pop', emphasis: { enabled: true, colour: YELLOW }, emoji: true,
  },
  {
    ...base, name: 'word-box', description: 'UPPERCASE pages of three words, a coloured box behind the spoken word',
    font: { family: 'League Spartan', bold: true, sizePercent: 4.8 }, stroke: { width: 8, colour: BLACK },
    case: 'upper', highlight: { mode: 'box', colour: '#7B2FF7', scalePercent: 100, textOnBox: WHITE }, entrance: 'pop',
  },
  {
    ...base, name: 'boxed', description: 'Boxed subtitles: two lines on a translucent black box, the spoken word in yellow',
    font: { ...base.font, sizePercent: 3.8 }, stroke: { width: 0, colour: BLACK }, shadow: { depth: 0, colour: BLACK, opacity: 0 },
    box: { colour: BLACK, opacity: 0.62, padding: 18 }, layout: { charsPerLine: 26, lines: 2 },
    highlight: { ...base.highlight, colour: YELLOW }, entrance: 'fade',
  },
  {
    ...base, name: 'lower-third', description: 'Clean lower third: small white text on a soft box near the bottom, no highlight',
    font: { ...base.font, sizePercent: 3.4 }, stroke: { width: 0, colour: BLACK }, shadow: { depth: 0, colour: BLACK, opacity: 0 },
    box: { colour: '#101010', opacity: 0.5, padding: 14 }, layout: { charsPerLine: 32, lines: 2 }, position: { heightPercent: 76 },
    highlight: { ...base.highlight, mode: 'none' }, entrance: 'fade',
  },
  {
    ...base, name: 'karaoke-emoji', description: 'Bold karaoke with key words in green and an emoji above each caption',
    case: 'upper', emphasis: { enabled: true, colour: '#33FF66' }, emoji: true, entrance: 'pop',
  },
];

const titleBase: TitleStyle = {
  version: 1, name: 'headline', description: 'Big white UPPERCASE hook title with a black outline, top third, popping in',
  font: { family: 'Noto Sans', bold: true, sizePercent: 6.2 }, fill: WHITE, stroke: { width: 12, colour: BLACK },
  shadow: { depth: 5, colour: BLACK, opacity: 0.55 }, box: null, case: 'upper', position: 'top', durationSec: 2.5, maxLines: 3, entrance: 'pop',
};

const TITLES: TitleStyle[] = [
  titleBase,
  {
    ...titleBase, name: 'banner', description: 'Black hook title on a yellow box, top third',
    font: { family: 'League Spartan', bold: true, sizePercent: 5.4 }, fill: BLACK, stroke: { width: 0, colour: BLACK },
    shadow: { depth: 0, colour: BLACK, opacity: 0 }, box: { colour: YELLOW, opacity: 1, padding: 22 }, entrance: 'fade',
  },
  {
    ...titleBase, name: 'poster', description: 'Tall condensed hook title, middle of the frame',
    font: { family: 'Bebas Neue', bold: true, sizePercent: 9.5 }, position: 'middle', maxLines: 3,
  },
];

const CAPTION_MAP = new Map(CAPTIONS.map((s) => [s.name, s]));
const TITLE_MAP = new Map(TITLES.map((s) => [s.name, s]));

export const DEFAULT_CAPTION_STYLE = 'bold';
export const DEFAULT_TITLE_STYLE = 'headline';

export function builtinCaptionStyles(): CaptionStyle[] {
  return [...CAPTION_MAP.values()];
}

export function builtinTitleStyles(): TitleStyle[] {
  return [...TITLE_MAP.values()];
}

export function findBuiltinCaptionStyle(name: string): CaptionStyle | null {
  return CAPTION_MAP.get(name) ?? null;
}

export function findBuiltinTitleStyle(name: string): TitleStyle | null {
  return TITLE_MAP.get(name) ?? null;
}

/** A built-in caption style by name, or a usage error listing the names. */
export function getCaptionStyle(name: string): CaptionStyle {
  const s = findBuiltinCaptionStyle(name);
  if (!s) throw new UserError('usage', `Unknown caption style "${name}": use one of ${[...CAPTION_MAP.keys()].join(', ')}, or a style file (FILE.json).`, 'caption-style');
  return s;
}

export function getTitleStyle(name: string): TitleStyle {
  const s = findBuiltinTitleStyle(name);
  if (!s) throw new UserError('usage', `Unknown title style "${name}": use one of ${[...TITLE_MAP.keys()].join(', ')}.`, 'title-style');
  return s;
}
