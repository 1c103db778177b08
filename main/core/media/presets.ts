import { UserError } from '../errors.js';
import type { PresetName } from '../pipeline/types.js';

/** What a platform expects of an upload. */
export interface ExportPreset {
  name: PresetName;
  width: number;
  height: number;
  fps: number;
  /**
   * The platform's limit on length, seconds (what the creator can upload as a short there):
   * YouTube Shorts 60, TikTok 180 (its in-app "short" cap; longer uploads are not shorts),
   * Instagram Reels 90, square feed posts 60, landscape 600 (a generous cap for an explainer).
   */
  maxDurationSec: number;
  /** x264 constant rate factor: 23 is x264's default and visually clean at 1080p on phones. */
  crf: number;
  audioBitrateKbps: number;
}

export type Quality = 'final' | 'draft';

/**
 * x264 veryfast is the measured sweet spot on two cores (perf-floor.md: ~2× faster than medium,
 * smaller files than ultrafast); drafts use ultrafast and accept ~5× larger files.
 */
const X264_PRESET = { final: 'veryfast', draft: 'ultrafast' } as const satisfies Record<Quality, string>;

const VERTICAL = { width: 1080, height: 1920, fps: 30, crf: 23, audioBitrateKbps: 160 } as const;

export const PRESETS: Readonly<Record<PresetName, ExportPreset>> = {
  shorts: { name: 'shorts', ...VERTICAL, maxDurationSec: 60 },
  tiktok: { name: 'tiktok', ...VERTICAL, maxDurationSec: 180 },
  reels: { name: 'reels', ...VERTICAL, maxDurationSec: 90 },
  square: { name: 'square', width: 1080, height: 1080, fps: 30, crf: 23, audioBitrateKbps: 160, maxDurationSec: 60 },
  landscape: { name: 'landscape', width: 1920, height: 1080, fps: 30, crf: 23, audioBitrateKbps: 160, maxDurationSec: 600 },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Every value that changes the encoded bytes: the whole object goes into the compile cache key. */
export interface ResolvedPreset extends ExportPreset {
  videoCodec: 'libx264';
  x264Preset: (typeof X264_PRESET)[Quality];
  pixFmt: 'yuv420p';
  audioCodec: 'aac';
  audioSampleRate: 48000;
  /** Rough average video bitrate, only for free-disk estimates (CRF encodes have no fixed rate). */
  videoBitrateKbps: number;
}

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

/** The named preset, or a usage error listing the valid names. */
export function getPreset(name: string): ExportPreset {
  if (!isPresetName(name)) {
    throw new UserError('usage', `Unknown preset "${name}": use one of ${PRESET_NAMES.join(', ')}.`, 'preset');
  }
  return PRESETS[name];
}

/**
 * The preset with its encoder settings filled in. `size` overrides the resolution (drafts,
 * tests); H.264 with yuv420p needs even dimensions, so an odd or tiny size is a usage error.
 */
export function resolvePreset(name: string, size: { width: number; height: number } | undefined, quality: Quality = 'final'): ResolvedPreset {
  const p = getPreset(name);
  const width = size?.width ?? p.width;
  const height = size?.height ?? p.height;
  for (const [what, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 16 || v > 8192 || v % 2 !== 0) {
      throw new UserError('usage', `The output ${what} must be an even whole number from 16 to 8192, got ${String(v)}.`, 'size');
    }
  }
  return {
    ...p,
    width,
    height,
    videoCodec: 'libx264',
    x264Preset: X264_PRESET[quality],
    pixFmt: 'yuv420p',
    audioCodec: 'aac',
    audioSampleRate: 48000,
    // ~0.1 bit per pixel per frame: what veryfast/crf 23 averages on busy footage (perf-floor: 14 MB per 30 s at 1080x1920).
    videoBitrateKbps: Math.round((width * height * p.fps * 0.1) / 1000),
  };
}
