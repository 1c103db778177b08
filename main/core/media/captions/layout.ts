/**
 * Where caption text goes and how big it is, decided before libass draws it: sizes scale with
 * the frame, every block of text stays inside the preset's safe rectangle, and a page whose
 * longest line would not fit is drawn smaller instead of overflowing. Pure functions of the
 * style, the frame and a width estimate (text-width.ts).
 */
import type { SafeRect } from './safe-zones.js';
import type { CaptionStyle, TitleStyle } from './style-schema.js';

export interface Size {
  width: number;
  height: number;
}

/** The pixel sizes of one text look at one frame size. */
export interface TextGeometry {
  fontSize: number;
  outline: number;
  shadow: number;
  /** Padding of the box behind the text (0 without a box). */
  boxPad: number;
}

type Look = Pick<CaptionStyle | TitleStyle, 'font' | 'stroke' | 'shadow' | 'box'>;

/** Font size from the style's percent of the height, capped by the width for landscape frames. */
export function textGeometry(look: Look, size: Size): TextGeometry {
  const scale = size.height / 1920;
  const pct = look.font.sizePercent / 100;
  const round1 = (n: number): number => Math.round(n * 10) / 10;
  return {
    fontSize: Math.max(8, Math.round(Math.min(size.height * pct, size.width * pct * 1.8))),
    // A boxed look draws no outline (libass draws the box with the outline's width).
    outline: look.box ? 0 : round1(look.stroke.width * scale),
    shadow: look.box ? 0 : round1(look.shadow.depth * scale),
    boxPad: look.box ? round1(look.box.padding * scale) : 0,
  };
}

/** What lies outside the glyphs on each side: outline or box padding. */
export function decoration(g: TextGeometry): number {
  return Math.max(g.outline, g.boxPad);
}

/** Widest line a page may have, px, inside the safe rectangle. */
export function maxLineWidth(rect: SafeRect, g: TextGeometry): number {
  return Math.max(1, rect.x1 - rect.x0 - 2 * decoration(g) - g.shadow);
}

/**
 * The font size a page is drawn at: the style's, or smaller when its widest line (already
 * widened for an enlarged spoken word) or its height would leave the safe rectangle.
 * `widths` are the lines' widths in units of the font size.
 */
export function fitFontSize(widths: readonly number[], g: TextGeometry, maxWidth: number, maxHeight: number): number {
  const widest = Math.max(0, ...widths);
  let size = g.fontSize;
  if (widest * size > maxWidth) size = Math.floor(maxWidth / widest);
  const lines = Math.max(1, widths.length);
  if (lines * size > maxHeight) size = Math.floor(maxHeight / lines);
  return Math.max(1, Math.min(g.fontSize, size));
}

/** ASS numpad alignment: 2 bottom-centre, 5 middle-centre, 8 top-centre. */
export type Anchor = 2 | 5 | 8;

export interface Placement {
  an: Anchor;
  x: number;
  y: number;
}

/**
 * Where a block of text sits: `textHeight` is its lines, `above` room kept over it (an emoji
 * row), `deco` the outline/box around it. The style's position picks the anchor; the block is
 * then moved, never resized, until all of it lies inside the safe rectangle.
 */
export function placeBlock(position: CaptionStyle['position'], rect: SafeRect, size: Size, block: { textHeight: number; above: number; deco: number; shadow: number }): Placement {
  const H = size.height;
  let an: Anchor;
  let y: number;
  if (position === 'bottom') {
    an = 2;
    // Bottom third, clear of the platforms' own caption and handle: the text's bottom at 72 %.
    y = H * 0.72;
  } else if (position === 'top') {
    an = 8;
    y = H * 0.15;
  } else if (position === 'middle') {
    an = 5;
    y = H * 0.5;
  } else {
    an = 5;
    y = (H * position.heightPercent) / 100;
  }
  // The block's extent around y for each anchor: [y - up, y + down].
  const t = block.textHeight;
  const up = (an === 2 ? t : an === 5 ? t / 2 : 0) + block.deco + block.above;
  const down = (an === 2 ? 0 : an === 5 ? t / 2 : t) + block.deco + block.shadow;
  const minY = rect.y0 + up;
  const maxY = rect.y1 - down;
  // Too tall for the rectangle (the fit step prevents this): keep the top visible.
  y = maxY < minY ? minY : Math.min(maxY, Math.max(minY, y));
  return { an, x: Math.round((rect.x0 + rect.x1) / 2), y: Math.round(y) };
}

/** The vertical span a placed block covers, px: for keeping the hook title off the captions. */
export function blockSpan(p: Placement, block: { textHeight: number; above: number; deco: number; shadow: number }): { top: number; bottom: number } {
  const t = block.textHeight;
  const top = p.y - (p.an === 2 ? t : p.an === 5 ? t / 2 : 0) - block.deco - block.above;
  const bottom = p.y + (p.an === 2 ? 0 : p.an === 5 ? t / 2 : t) + block.deco + block.shadow;
  return { top, bottom };
}
