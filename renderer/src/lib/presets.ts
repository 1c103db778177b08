import type { PresetName } from '../types/contract';

/** Export presets with what they mean to a creator (sizes from DESIGN.md §3). */
export const PRESETS: readonly { name: PresetName; label: string }[] = [
  { name: 'shorts', label: 'YouTube Shorts · 1080×1920' },
  { name: 'tiktok', label: 'TikTok · 1080×1920' },
  { name: 'reels', label: 'Instagram Reels · 1080×1920' },
  { name: 'square', label: 'Square · 1080×1080' },
  { name: 'landscape', label: 'Landscape · 1920×1080' },
];
