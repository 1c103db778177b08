import type { PresetName } from '../../pipeline/types.js';

/**
 * Where each platform draws its own interface over a video, as fractions of the frame: TikTok,
 * Shorts and Reels put the like/comment/share column on the right, the caption, handle and
 * sound ticker across the bottom, and tabs or a header at the top. Text kept inside the rest
 * is never covered. Values are conservative readings of each app's 1080×1920 overlay (2025
 * layouts); square and landscape get a plain 5 % title-safe margin.
 */
export interface SafeInsets {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export const SAFE_INSETS: Readonly<Record<PresetName, SafeInsets>> = {
  tiktok: { top: 0.08, bottom: 0.21, left: 0.06, right: 0.14 },
  shorts: { top: 0.08, bottom: 0.19, left: 0.06, right: 0.14 },
  reels: { top: 0.1, bottom: 0.22, left: 0.06, right: 0.14 },
  square: { top: 0.05, bottom: 0.05, left: 0.05, right: 0.05 },
  landscape: { top: 0.05, bottom: 0.05, left: 0.05, right: 0.05 },
};

/** The safe rectangle in pixels: x0 ≤ x < x1, y0 ≤ y < y1. */
export interface SafeRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Pixels a caption may use. Text is centred, so the side margins are made equal (the wider of
 * the two): a caption centred on the frame then clears the right-hand buttons.
 */
export function safeRect(preset: PresetName, size: { width: number; height: number }): SafeRect {
  const i = SAFE_INSETS[preset];
  const side = Math.max(i.left, i.right);
  return {
    x0: Math.ceil(size.width * side),
    x1: Math.floor(size.width * (1 - side)),
    y0: Math.ceil(size.height * i.top),
    y1: Math.floor(size.height * (1 - i.bottom)),
  };
}
