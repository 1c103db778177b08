/**
 * The ASS document libass burns in during the compile pass: caption pages with the spoken word
 * highlighted (colour, scale pop, box, or none), keyword emphasis, an emoji over a page, the hook
 * title and the end card. Everything is positioned here (\an + \pos inside the safe rectangle)
 * and every line break is ours (WrapStyle 2), so libass never wraps or moves text on its own.
 *
 * Events of one layer never overlap in time. All styles use Encoding -1: libass then lays out
 * each event's text as a whole with the Unicode bidi algorithm, so right-to-left captions keep
 * their word order even though override tags split the text into runs (with any other encoding
 * libass orders the runs left to right and an Arabic or Hebrew caption reads backwards).
 */
import { assTime, escapeAssText } from './ass.js';
import { EMOJI_FONT_FAMILY } from './emoji.js';
import { wordRef } from './keywords.js';
import { blockSpan, decoration, fitFontSize, maxLineWidth, placeBlock, textGeometry, type Placement, type Size, type TextGeometry } from './layout.js';
import { breakLines, joinWords, type CaptionPage, type PageWord } from './pages.js';
import type { SafeRect } from './safe-zones.js';
import type { CaptionStyle, TitleStyle } from './style-schema.js';
import type { TextMeasure } from './text-width.js';

export interface AssFont {
  /** The family name written into the ASS style (the name libass matches). */
  family: string;
  measure: TextMeasure;
}

export interface TitleText {
  text: string;
  style: TitleStyle;
  font: AssFont;
}

export interface EndCardText {
  text: string;
  handle: string;
  style: TitleStyle;
  font: AssFont;
}

export interface AssDocumentInput {
  size: Size;
  safe: SafeRect;
  style: CaptionStyle;
  font: AssFont;
  pages: readonly CaptionPage[];
  /** wordRef(page, word) keys of emphasised words. */
  emphasis: ReadonlySet<string>;
  /** One emoji (or null) per page; all null when the style has no emoji or no font can draw them. */
  emoji: readonly (string | null)[];
  title: TitleText | null;
  endCard: EndCardText | null;
  /** The video's length, ms (the end card sits in its last second). */
  videoMs: number;
}

/** `#RRGGBB` + opacity → ASS `&HAABBGGRR` (alpha 00 = opaque). */
export function assColour(hex: string, opacity = 1): string {
  const a = Math.round((1 - Math.min(1, Math.max(0, opacity))) * 255);
  const h = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
  return `&H${h(a)}${hex.slice(5, 7).toUpperCase()}${hex.slice(3, 5).toUpperCase()}${hex.slice(1, 3).toUpperCase()}`;
}

/** `#RRGGBB` → the inline `\1c` form `&HBBGGRR&`. */
export function inlineColour(hex: string): string {
  return `&H${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}&`.toUpperCase();
}

const n1 = (n: number): string => String(Math.round(n * 10) / 10);
const ENTRANCE_MS = 120;

function applyCase(text: string, c: CaptionStyle['case']): string {
  return c === 'upper' ? text.toLocaleUpperCase() : text;
}

interface StyleLine {
  name: string;
  family: string;
  size: number;
  primary: string;
  outlineColour: string;
  back: string;
  bold: boolean;
  borderStyle: 1 | 3 | 4;
  outline: number;
  shadow: number;
  an: number;
}

function styleLine(s: StyleLine): string {
  return `Style: ${s.name},${s.family},${s.size},${s.primary},${s.primary},${s.outlineColour},${s.back},${s.bold ? -1 : 0},0,0,0,100,100,0,0,${s.borderStyle},${n1(s.outline)},${n1(s.shadow)},${s.an},0,0,0,-1`;
}

/** A look's ASS style: a box is libass's BorderStyle 4 (one box around the whole event, BackColour, padding = outline width). */
function lookStyle(name: string, look: Pick<CaptionStyle, 'fill' | 'stroke' | 'shadow' | 'box' | 'font'>, family: string, g: TextGeometry, an: number): StyleLine {
  if (look.box) {
    return {
      name, family, size: g.fontSize, primary: assColour(look.fill), outlineColour: '&HFF000000', back: assColour(look.box.colour, look.box.opacity),
      bold: look.font.bold, borderStyle: 4, outline: g.boxPad, shadow: 0, an,
    };
  }
  return {
    name, family, size: g.fontSize, primary: assColour(look.fill), outlineColour: assColour(look.stroke.colour), back: assColour(look.shadow.colour, look.shadow.opacity),
    bold: look.font.bold, borderStyle: 1, outline: g.outline, shadow: g.shadow, an,
  };
}

function entranceTags(entrance: CaptionStyle['entrance'], pct = 100): string {
  if (entrance === 'fade') return `\\fad(${ENTRANCE_MS},0)`;
  if (entrance === 'pop') return `\\fscx${Math.round(pct * 0.78)}\\fscy${Math.round(pct * 0.78)}\\t(0,${ENTRANCE_MS},\\fscx${pct}\\fscy${pct})`;
  return '';
}

function dialogue(layer: number, startMs: number, endMs: number, style: string, text: string): string {
  return `Dialogue: ${layer},${assTime(startMs)},${assTime(endMs)},${style},,0,0,0,,${text}`;
}

const posTags = (p: Placement): string => `\\an${p.an}\\pos(${p.x},${p.y})`;

/** Lines of plain words → widths in font-size units, widened for the spoken word in scale mode. */
function lineWidths(lines: readonly (readonly PageWord[])[], unspaced: boolean, style: CaptionStyle, measure: TextMeasure): number[] {
  const grow = style.highlight.mode === 'scale' ? style.highlight.scalePercent / 100 - 1 : 0;
  return lines.map((line) => {
    const texts = line.map((w) => applyCase(w.text, style.case));
    const base = measure.width(texts.join(unspaced ? '' : ' '));
    return base + grow * Math.max(0, ...texts.map((t) => measure.width(t)));
  });
}

interface PagePlan {
  page: CaptionPage;
  index: number;
  fontSize: number;
}

/**
 * A text block (title, end card): words broken into lines, a size that fits, a placement. With
 * `avoid` (the captions' span) the block keeps to the free band above or below the captions —
 * the one its position prefers, else the taller — and shrinks to fit it.
 */
function planBlock(paragraphs: readonly string[], style: TitleStyle, font: AssFont, safe: SafeRect, size: Size, avoid: { top: number; bottom: number } | null): { lines: string[]; fontSize: number; at: Placement; g: TextGeometry } {
  const g = textGeometry(style, size);
  const maxW = maxLineWidth(safe, g);
  // Each paragraph (the end card's text, its handle) starts a line of its own.
  const lines = paragraphs.filter((p) => p.trim() !== '').flatMap((text) => {
    const cased = applyCase(text.replace(/\s+/g, ' ').trim(), style.case);
    const unspaced = !cased.includes(' ');
    const words = unspaced ? Array.from(new Intl.Segmenter(undefined, { granularity: 'word' }).segment(cased), (s) => ({ text: s.segment })) : cased.split(' ').map((t) => ({ text: t }));
    return breakLines(words, unspaced, (t) => font.measure.width(t) * g.fontSize, maxW, style.maxLines).map((l) => joinWords(l, unspaced));
  });
  const chrome = 2 * decoration(g) + g.shadow;
  let region: SafeRect = safe;
  if (avoid) {
    const gap = Math.round(g.fontSize * 0.3);
    const above: SafeRect = { ...safe, y1: Math.floor(avoid.top - gap) };
    const below: SafeRect = { ...safe, y0: Math.ceil(avoid.bottom + gap) };
    const h = (r: SafeRect): number => r.y1 - r.y0 - chrome;
    const preferred = style.position === 'top' ? above : style.position === 'bottom' ? below : h(above) >= h(below) ? above : below;
    const other = preferred === above ? below : above;
    // Room for at least one line at half the style's size, or the block may cover the captions.
    const roomy = (r: SafeRect): boolean => h(r) >= g.fontSize * 0.5;
    region = roomy(preferred) ? preferred : roomy(other) ? other : safe;
  }
  const fontSize = fitFontSize(lines.map((l) => font.measure.width(l)), g, maxW, region.y1 - region.y0 - chrome);
  const block = { textHeight: lines.length * fontSize, above: 0, deco: decoration(g), shadow: g.shadow };
  return { lines, fontSize, at: placeBlock(style.position, region, size, block), g };
}

/** The complete ASS file. Pure: the same input always gives the same bytes. */
export function buildAssDocument(d: AssDocumentInput): string {
  const { style, size, safe } = d;
  const g = textGeometry(style, size);
  const maxW = maxLineWidth(safe, g);
  const emojiOn = d.emoji.some((e) => e !== null);
  const emojiRow = (fs: number): number => (emojiOn ? Math.round(fs * 1.25) + Math.round(fs * 0.15) : 0);
  const maxTextHeight = safe.y1 - safe.y0 - 2 * decoration(g) - g.shadow - emojiRow(g.fontSize);

  // Each page's size: the style's, or smaller when a line would not fit.
  const plans: PagePlan[] = d.pages.map((page, index) => ({
    page, index, fontSize: fitFontSize(lineWidths(page.lines, page.unspaced, style, d.font.measure), g, maxW, maxTextHeight),
  }));
  // One anchor for every page, from the tallest page, so captions don't jump around.
  const tallest = Math.max(g.fontSize, ...plans.map((p) => p.page.lines.length * p.fontSize));
  const captionBlock = { textHeight: tallest, above: emojiRow(g.fontSize), deco: decoration(g), shadow: g.shadow };
  const at = placeBlock(style.position, safe, size, captionBlock);
  const captionSpan = blockSpan(at, captionBlock);

  const title = d.title && d.title.text.trim() !== '' ? { ...d.title, plan: planBlock([d.title.text], d.title.style, d.title.font, safe, size, captionSpan) } : null;
  // The end card keeps off the captions too: the last words are still being spoken under it.
  const endCard = d.endCard && (d.endCard.text.trim() !== '' || d.endCard.handle.trim() !== '')
    ? { ...d.endCard, plan: planBlock([d.endCard.text, d.endCard.handle], { ...d.endCard.style, position: 'middle', maxLines: 2 }, d.endCard.font, safe, size, captionSpan) }
    : null;

  const hlBoxPad = Math.max(2, Math.round(g.fontSize * 0.14));
  const styles: StyleLine[] = [
    lookStyle('Caption', style, d.font.family, g, at.an),
    {
      name: 'Spoken', family: d.font.family, size: g.fontSize, primary: assColour(style.highlight.textOnBox), outlineColour: assColour(style.highlight.colour),
      back: assColour(style.highlight.colour), bold: style.font.bold, borderStyle: 3, outline: hlBoxPad, shadow: 0, an: at.an,
    },
    {
      name: 'Emoji', family: EMOJI_FONT_FAMILY, size: Math.round(g.fontSize * 1.25), primary: assColour(style.fill), outlineColour: assColour(style.stroke.colour),
      back: assColour(style.shadow.colour, style.shadow.opacity), bold: false, borderStyle: 1, outline: Math.max(g.outline, g.boxPad > 0 ? 2 : 0), shadow: g.shadow, an: 2,
    },
  ];
  if (title) styles.push(lookStyle('Title', title.style, title.font.family, title.plan.g, title.plan.at.an));
  if (endCard) styles.push(lookStyle('EndCard', endCard.style, endCard.font.family, endCard.plan.g, 5));

  const events: string[] = [];
  const fill = inlineColour(style.fill);
  for (const plan of plans) events.push(...pageEvents(plan, d, at, fill));

  // Emoji: one row above each page that has one, popping in with it.
  plans.forEach((plan) => {
    const e = d.emoji[plan.index];
    if (!e) return;
    const textH = plan.page.lines.length * plan.fontSize;
    const top = at.an === 2 ? at.y - textH : at.an === 5 ? at.y - textH / 2 : at.y;
    const y = Math.round(top - decoration(g) - plan.fontSize * 0.15);
    const fs = plan.fontSize === g.fontSize ? '' : `\\fs${Math.round(plan.fontSize * 1.25)}`;
    events.push(dialogue(1, plan.page.startMs, plan.page.endMs, 'Emoji', `{\\an2\\pos(${at.x},${y})${fs}${entranceTags('pop')}}${e}`));
  });

  if (title) {
    const p = title.plan;
    const end = Math.min(d.videoMs, Math.round(title.style.durationSec * 1000));
    const fs = p.fontSize === p.g.fontSize ? '' : `\\fs${p.fontSize}`;
    if (end > 0) events.push(dialogue(2, 0, end, 'Title', `{${posTags(p.at)}${fs}${entranceTags(title.style.entrance)}}${p.lines.map(escapeAssText).join('\\N')}`));
  }
  if (endCard) {
    const p = endCard.plan;
    const start = Math.max(0, d.videoMs - 1000);
    const fs = p.fontSize === p.g.fontSize ? '' : `\\fs${p.fontSize}`;
    events.push(dialogue(2, start, d.videoMs, 'EndCard', `{${posTags(p.at)}${fs}\\fad(200,0)}${p.lines.map(escapeAssText).join('\\N')}`));
  }

  const header = [
    '[Script Info]',
    '; Generated by Reelforge',
    'ScriptType: v4.00+',
    `PlayResX: ${size.width}`,
    `PlayResY: ${size.height}`,
    // 2 = no wrapping: every break is ours (\N), sized to fit the safe zone.
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    'YCbCr Matrix: None',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    ...styles.map(styleLine),
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  return `${header.join('\n')}\n${events.join('\n')}\n`;
}

/**
 * One page → its events. With a highlight, one event per spoken word showing the whole page
 * with that word marked (exactly one marked word at a time, switching on the word's own start);
 * without, one event for the page. Only a page's first event carries the entrance.
 */
function pageEvents(plan: PagePlan, d: AssDocumentInput, at: Placement, fill: string): string[] {
  const { style } = d;
  const { page } = plan;
  const g = textGeometry(style, d.size);
  const fsTag = plan.fontSize === g.fontSize ? '' : `\\fs${plan.fontSize}`;
  const sep = page.unspaced ? '' : ' ';
  const emph = style.emphasis.enabled ? inlineColour(style.emphasis.colour) : null;
  const hl = inlineColour(style.highlight.colour);
  const sc = style.highlight.scalePercent;

  const wordText = (w: PageWord, i: number, spoken: boolean): string => {
    const t = escapeAssText(applyCase(w.text, style.case));
    if (spoken) {
      if (style.highlight.mode === 'colour') return `{\\1c${hl}}${t}{\\1c${fill}}`;
      if (style.highlight.mode === 'scale') return `{\\1c${hl}\\fscx100\\fscy100\\t(0,90,\\fscx${sc}\\fscy${sc})}${t}{\\1c${fill}\\fscx100\\fscy100}`;
      if (style.highlight.mode === 'box') return `{\\rSpoken${fsTag}}${t}{\\rCaption${fsTag}}`;
    }
    if (emph && d.emphasis.has(wordRef(plan.index, i))) return `{\\1c${emph}}${t}{\\1c${fill}}`;
    return t;
  };
  const flat = page.lines.flat();
  const render = (spokenIndex: number): string => {
    let k = 0;
    return page.lines.map((line) => line.map((w) => {
      const i = k++;
      return wordText(w, i, i === spokenIndex);
    }).join(sep)).join('\\N');
  };
  const head = (first: boolean): string => `{${posTags(at)}${fsTag}${first ? entranceTags(style.entrance) : ''}}`;

  if (style.highlight.mode === 'none' || flat.length === 0) {
    return [dialogue(0, page.startMs, page.endMs, 'Caption', `${head(true)}${render(-1)}`)];
  }
  const out: string[] = [];
  let first = true;
  const firstWord = flat[0];
  if (firstWord && firstWord.startMs > page.startMs) {
    out.push(dialogue(0, page.startMs, firstWord.startMs, 'Caption', `${head(true)}${render(-1)}`));
    first = false;
  }
  flat.forEach((w, i) => {
    const end = i === flat.length - 1 ? page.endMs : (flat[i + 1]?.startMs ?? w.endMs);
    if (end <= w.startMs) return; // a zero-length word: nothing to show
    out.push(dialogue(0, w.startMs, end, 'Caption', `${head(first)}${render(i)}`));
    first = false;
  });
  return out;
}
