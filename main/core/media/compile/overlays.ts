import type { PresetName } from '../../pipeline/types.js';
import { SAFE_INSETS, safeRect } from '../captions/safe-zones.js';
import { filterPath } from '../filter-escape.js';
import type { GraphPart } from './graph-part.js';

export type LogoCorner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** A logo as drawn: where (top-left pixel), how big, how opaque. */
export interface LogoOverlay {
  path: string;
  x: number;
  y: number;
  width: number;
  height: number;
  opacity: number;
}

/** What is drawn over the picture. */
export interface Overlays {
  /** The ASS captions (and titles) burned in by libass. */
  assPath: string;
  /** The bundled fonts libass may use besides the system's. */
  fontsDir: string;
  /** A brand's logo (a PNG), under the captions. */
  logo?: LogoOverlay;
}

/** The subtitles burn-in: libass with the bundled fonts, both paths escaped for the filtergraph. */
export function assFilter(assPath: string, fontsDir: string): string {
  return `ass=filename=${filterPath(assPath)}:fontsdir=${filterPath(fontsDir)}`;
}

/**
 * A logo's box in the frame: `sizePercent` of the width wide (even pixels), its aspect kept,
 * in the chosen corner of the preset's safe area, so no platform button covers it.
 */
export function placeLogo(
  logo: { corner: LogoCorner; sizePercent: number },
  image: { width: number; height: number },
  preset: PresetName,
  size: { width: number; height: number },
): { x: number; y: number; width: number; height: number } {
  const rect = safeRect(preset, size);
  const insets = SAFE_INSETS[preset];
  const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);
  let width = even((size.width * logo.sizePercent) / 100);
  let height = even((width * image.height) / Math.max(1, image.width));
  // A tall logo is limited to a fifth of the safe height.
  const maxH = (rect.y1 - rect.y0) / 5;
  if (height > maxH) {
    height = even(maxH);
    width = even((height * image.width) / Math.max(1, image.height));
  }
  // Left corners hug the frame's own margin; right ones stay clear of the button column.
  const left = Math.ceil(size.width * insets.left);
  const right = Math.floor(size.width * (1 - insets.right));
  const x = logo.corner.endsWith('left') ? left : right - width;
  const y = logo.corner.startsWith('top') ? rect.y0 : rect.y1 - height;
  return { x: Math.max(0, x), y: Math.max(0, y), width, height };
}

/**
 * Picture `[in]` → picture with everything drawn over it `[v]`: the logo (one PNG frame,
 * held for the whole video by overlay's repeat-last), then the captions on top.
 */
export function buildOverlays(o: Overlays, inLabel: string, firstInput: number): GraphPart {
  const ass = assFilter(o.assPath, o.fontsDir);
  if (!o.logo) return { inputs: [], filter: `[${inLabel}]${ass}[v]`, out: 'v' };
  const l = o.logo;
  const alpha = Math.round(Math.min(1, Math.max(0, l.opacity)) * 1000) / 1000;
  return {
    inputs: [{ source: l.path, options: [] }],
    filter: [
      `[${firstInput}:v]format=rgba,scale=${l.width}:${l.height}:flags=lanczos,colorchannelmixer=aa=${alpha}[logo]`,
      `[${inLabel}][logo]overlay=x=${l.x}:y=${l.y}:eof_action=repeat:format=auto,format=yuv420p,${ass}[v]`,
    ].join(';'),
    out: 'v',
  };
}
