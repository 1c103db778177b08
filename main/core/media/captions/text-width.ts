import type { FontMetrics } from './font-metrics.js';

/**
 * Caption width estimates, in units of the ASS font size, for layout decisions libass cannot
 * make for us (shrinking a page so its longest line fits the safe zone, breaking unspaced
 * lines). Glyphs the caption font has are measured from its advance widths; glyphs libass will
 * take from a fallback font (CJK, Arabic, emoji) get a conservative per-script width, so an
 * estimate errs wide and a caption is never cut off.
 */
export interface TextMeasure {
  /** Width of `text` in units of the font size. */
  width(text: string): number;
}

/** Fallback widths in font-size units, measured on the Noto CJK, Noto Arabic/Hebrew and Symbola faces libass falls back to, rounded up. */
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3ffff}]/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const COMBINING = /^(?:\p{M}|[\u200b-\u200f\u2060]|\ufe0e|\ufe0f)$/u;

export function fallbackWidth(ch: string): number {
  if (COMBINING.test(ch)) return 0;
  if (WIDE.test(ch)) return 0.76;
  if (EMOJI.test(ch)) return 0.9;
  if (RTL.test(ch)) return 0.62;
  if (ch === ' ') return 0.25;
  return 0.7;
}

/** libass emboldens a regular face by a few percent, hinting rounds up: estimate a little wide. */
const SAFETY = 1.06;

export function fontMeasure(font: FontMetrics | null): TextMeasure {
  return {
    width(text: string): number {
      let w = 0;
      for (const ch of text) {
        const cp = ch.codePointAt(0) ?? 0;
        const a = font?.advance(cp) ?? null;
        w += a ?? fallbackWidth(ch);
      }
      return w * SAFETY;
    },
  };
}
