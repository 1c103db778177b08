import { DEFAULT_TITLE_STYLE, getTitleStyle } from '../../media/captions/builtin-styles.js';
import { buildCaptionTrack } from '../../media/captions/track.js';
import { usableMarkedEmoji, type MarkedEmoji } from '../../media/captions/emoji.js';
import { emojiFontAvailable, emojiFontCoverage, resolveFont, type ResolvedFont } from '../../media/captions/font-lookup.js';
import { fontMeasure } from '../../media/captions/text-width.js';
import type { Look } from '../../looks/look.js';
import { cachedJson, stageKey, type Cached, type StageCacheContext } from '../stage-cache.js';
import type { PresetName } from '../types.js';
import type { VoiceTrack } from './voice.js';

const VERSION = 3;

export interface CaptionFiles {
  ass: string;
  srt: string;
  /** Degradations the creator should know about (emoji skipped for want of a font). */
  warnings: string[];
}

export interface CaptionsInput {
  track: Pick<VoiceTrack, 'chunks' | 'words'>;
  look: Look;
  /** The script's hook: the hook title's text when the look has one. */
  hook: string;
  /** Words an LLM marked for emphasis; null → the offline rules. */
  keywords: string[] | null;
  /** Emoji an LLM chose for words of its script; null → the offline table. */
  emoji: MarkedEmoji[] | null;
  preset: PresetName;
  size: { width: number; height: number };
  videoMs: number;
  fontsDir: string;
  fontsDigest: string;
}

const asFont = (f: ResolvedFont): { family: string; measure: ReturnType<typeof fontMeasure> } => ({ family: f.family, measure: fontMeasure(f.metrics) });

/**
 * Captions: pages regrouped from the voice track's words by the style, laid out inside the
 * preset's safe zone, with the hook title and end card → ASS + plain SRT. Pure text, cached:
 * a style change is one small computation and never re-voices.
 */
export async function captionsStage(ctx: StageCacheContext, c: CaptionsInput): Promise<Cached<CaptionFiles>> {
  const { look } = c;
  // The end card borrows the hook title's look, or the default title look when the title is off.
  const cardStyle = look.endCard ? (look.title ?? getTitleStyle(DEFAULT_TITLE_STYLE)) : null;
  const font = (f: { family: string; bold: boolean }): Promise<ResolvedFont> => resolveFont(f.family, f.bold, c.fontsDir);
  const captionFont = await font(look.caption.font);
  const titleFont = look.title ? await font(look.title.font) : null;
  const cardFont = cardStyle ? await font(cardStyle.font) : null;
  const emoji = look.caption.emoji ? await emojiFontAvailable() : false;
  // The model's emoji the font can draw (by value in the key, so a font that gains glyphs counts); none left → the table.
  const markedEmoji = emoji && c.emoji ? usableMarkedEmoji(c.emoji, await emojiFontCoverage()) : null;
  const key = stageKey('captions', VERSION, {
    chunks: c.track.chunks, words: c.track.words, style: look.caption, title: look.title, titleText: look.title ? c.hook : null,
    endCard: look.endCard, cardStyle, keywords: c.keywords, preset: c.preset, size: c.size, videoMs: c.videoMs, emoji,
    fonts: c.fontsDigest, fontFiles: [captionFont.identity, titleFont?.identity ?? null, cardFont?.identity ?? null],
    // Only when there are some: captions without a model's emoji keep the keys they had.
    ...(markedEmoji ? { markedEmoji } : {}),
  });
  return cachedJson(ctx, 'captions', 'captions', key, async () => {
    const warnings: string[] = [];
    if (look.caption.emoji && !emoji) warnings.push('Emoji were left out of the captions: no emoji font libass can draw is installed (install fonts-symbola).');
    const track = buildCaptionTrack({
      words: c.track.words, chunks: c.track.chunks, style: look.caption, font: asFont(captionFont),
      title: look.title && titleFont ? { text: c.hook, style: look.title, font: asFont(titleFont) } : null,
      endCard: look.endCard && cardStyle && cardFont ? { ...look.endCard, style: cardStyle, font: asFont(cardFont) } : null,
      keywords: c.keywords, markedEmoji, emojiDrawable: emoji, preset: c.preset, size: c.size, videoMs: c.videoMs,
    });
    return { value: { ass: track.ass, srt: track.srt, warnings } };
  });
}
