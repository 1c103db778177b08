import { UserError } from '../../errors.js';

/**
 * Caption looks by name. Colours are ASS `&HAABBGGRR` (alpha first, 00 = opaque, then blue,
 * green, red). Sizes are relative to the frame so a 180x320 draft looks like the 1080x1920 final.
 */
export interface CaptionStyle {
  name: string;
  description: string;
  primary: string;
  /** Colour of the word being spoken. */
  highlight: string;
  outline: string;
  shadow: string;
  /** Outline and shadow in pixels at 1920 px of frame height; scaled with the frame. */
  outlinePx: number;
  shadowPx: number;
  /** Font size as a fraction of the frame height (also capped by the width, for landscape). */
  sizeRatio: number;
  uppercase: boolean;
  /** Size of the spoken word, percent (100 = same size as the others). */
  highlightScale: number;
}

const STYLES: Record<string, CaptionStyle> = {
  bold: {
    name: 'bold', description: 'white, thick black outline and shadow, the spoken word in yellow',
    primary: '&H00FFFFFF', highlight: '&H0000E1FF', outline: '&H00000000', shadow: '&H80000000',
    outlinePx: 9, shadowPx: 4, sizeRatio: 0.05, uppercase: false, highlightScale: 100,
  },
  clean: {
    name: 'clean', description: 'white with a thin outline and soft shadow, the spoken word in cyan',
    primary: '&H00FFFFFF', highlight: '&H00FFE100', outline: '&H40000000', shadow: '&H90000000',
    outlinePx: 5, shadowPx: 6, sizeRatio: 0.045, uppercase: false, highlightScale: 100,
  },
  pop: {
    name: 'pop', description: 'UPPERCASE, heavy outline, the spoken word green and slightly larger',
    primary: '&H00FFFFFF', highlight: '&H0066FF33', outline: '&H00000000', shadow: '&H80000000',
    outlinePx: 11, shadowPx: 3, sizeRatio: 0.052, uppercase: true, highlightScale: 112,
  },
};

export const DEFAULT_CAPTION_STYLE = 'bold';

export function listCaptionStyles(): { name: string; description: string }[] {
  return Object.values(STYLES).map((s) => ({ name: s.name, description: s.description }));
}

/** The named style, or a usage error listing the valid names. */
export function getCaptionStyle(name: string): CaptionStyle {
  const s = Object.hasOwn(STYLES, name) ? STYLES[name] : undefined;
  if (!s) throw new UserError('usage', `Unknown caption style "${name}": use one of ${Object.keys(STYLES).join(', ')}.`, 'caption-style');
  return s;
}
