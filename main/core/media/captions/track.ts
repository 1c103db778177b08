/**
 * The caption track of one video, from the voice's timed words and the look: pages by the
 * style, emphasised words, emoji, the hook title and end card → the ASS the compile pass burns
 * in and the plain-text SRT that ships beside the video. Pure: fonts arrive already measured.
 */
import type { PresetName } from '../../pipeline/types.js';
import { buildAssDocument, type AssFont } from './ass-document.js';
import { markedEmojiLookup, pageEmoji, type MarkedEmoji } from './emoji.js';
import { emphasisedWords } from './keywords.js';
import { maxLineWidth, textGeometry } from './layout.js';
import { paginate, type CaptionPage, type SpokenChunk, type SpokenWord } from './pages.js';
import { safeRect } from './safe-zones.js';
import { buildPageSrt } from './srt.js';
import type { CaptionStyle, TitleStyle } from './style-schema.js';

export interface CaptionTrackInput {
  words: readonly SpokenWord[];
  chunks: readonly SpokenChunk[];
  style: CaptionStyle;
  font: AssFont;
  /** The hook title (text + its style), or null when off. */
  title: { text: string; style: TitleStyle; font: AssFont } | null;
  endCard: { text: string; handle: string; style: TitleStyle; font: AssFont } | null;
  /** Words an LLM marked for emphasis; null → the offline rules. */
  keywords: readonly string[] | null;
  /** Emoji an LLM chose, already checked drawable (emoji.ts usableMarkedEmoji); null or absent → the offline table. */
  markedEmoji?: readonly MarkedEmoji[] | null;
  /** False when no emoji font is installed: the style's emoji are skipped (and a warning given). */
  emojiDrawable: boolean;
  preset: PresetName;
  size: { width: number; height: number };
  videoMs: number;
}

export interface CaptionTrack {
  ass: string;
  srt: string;
  pages: CaptionPage[];
}

export function buildCaptionTrack(t: CaptionTrackInput): CaptionTrack {
  const safe = safeRect(t.preset, t.size);
  const g = textGeometry(t.style, t.size);
  const casedWidth = (text: string): number => t.font.measure.width(t.style.case === 'upper' ? text.toLocaleUpperCase() : text) * g.fontSize;
  const pages = paginate(t.words, t.chunks, {
    layout: t.style.layout,
    lineWidth: casedWidth,
    maxLineWidth: maxLineWidth(safe, g),
  });
  const emphasis = t.style.emphasis.enabled ? emphasisedWords(pages, t.keywords) : new Set<string>();
  const lookup = t.markedEmoji ? markedEmojiLookup(t.markedEmoji) : undefined;
  const emoji = t.style.emoji && t.emojiDrawable ? pageEmoji(pages, emphasis, lookup) : pages.map(() => null);
  const ass = buildAssDocument({
    size: t.size, safe, style: t.style, font: t.font, pages, emphasis, emoji,
    title: t.title, endCard: t.endCard, videoMs: t.videoMs,
  });
  return { ass, srt: buildPageSrt(pages), pages };
}
