import { buildAssDocument } from './ass-document.js';
import { getCaptionStyle } from './builtin-styles.js';
import type { PageLayout } from './pages.js';
import { paginate } from './pages.js';
import { safeRect } from './safe-zones.js';
import { fontMeasure } from './text-width.js';
import type { TimedChunk } from './timing.js';
import { captionFontFamily } from '../fonts.js';
import type { PresetName } from '../../pipeline/types.js';
import { maxLineWidth, textGeometry } from './layout.js';

/** U+2060 WORD JOINER: zero width, no line break, and not a character libass gives meaning to. */
const WORD_JOINER = '\u2060';

/**
 * Script text → ASS event text that libass shows literally, so no script can inject override
 * tags. In libass event text `{` opens an override block and a backslash starts an escape
 * (`\N`, `\n`, `\h`, `\{`, `\}`), so:
 * - `\` is followed by a word joiner: it can no longer pair with the next character and is
 *   drawn as a plain backslash (the joiner is invisible);
 * - `{` and `}` become `\{` and `\}`, libass's literal braces (done after the backslash step,
 *   so these escapes are not themselves broken);
 * - line breaks become spaces (lines are broken by the layout, never by the script);
 * - other control characters are dropped.
 * Emoji, CJK and right-to-left text pass through unchanged (libass shapes them with HarfBuzz
 * and FriBidi, and falls back to system fonts for glyphs the bundled font lacks).
 */
export function escapeAssText(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\t/g, ' ')
    .replace(/\\/g, `\\${WORD_JOINER}`)
    .replace(/\{/g, '\\{')
    .replace(/\}/g, '\\}');
}

/** ASS time: H:MM:SS.cc (centiseconds). */
export function assTime(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const c = cs % 100;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(c).padStart(2, '0')}`;
}

/**
 * Captions for chunks that are already timed, with a built-in style and the bundled font, no
 * title: for fixtures and quick renders (tests, benchmarks). The pipeline builds its captions
 * with buildCaptionTrack, which knows the look and the fonts' real widths.
 */
export function buildAss(chunks: readonly TimedChunk[], styleName: string, size: { width: number; height: number }, preset: PresetName = 'shorts'): string {
  const style = getCaptionStyle(styleName);
  const words = chunks.flatMap((c, i) => c.words.map((w) => ({ ...w, chunk: i })));
  const spoken = chunks.map((c, i) => ({ text: c.text, sentence: i, startMs: c.startMs, endMs: c.endMs }));
  const measure = fontMeasure(null);
  const safe = safeRect(preset, size);
  const g = textGeometry(style, size);
  const layout: PageLayout = style.layout;
  const pages = paginate(words, spoken, { layout, lineWidth: (t) => measure.width(t) * g.fontSize, maxLineWidth: maxLineWidth(safe, g) });
  const last = chunks.at(-1);
  return buildAssDocument({
    size, safe, style, font: { family: style.font.family === 'Noto Sans' ? captionFontFamily : style.font.family, measure }, pages,
    emphasis: new Set(), emoji: pages.map(() => null), title: null, endCard: null, videoMs: last ? last.endMs : 0,
  });
}
