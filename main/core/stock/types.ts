/** Stock footage as Reelforge sees it, whichever site it came from. */
import type { StockCredit } from '../shots/types.js';

export type StockProvider = 'pexels' | 'pixabay';
export const STOCK_PROVIDERS: readonly StockProvider[] = ['pexels', 'pixabay'];

/** One downloadable file of a stock video. */
export interface Rendition {
  url: string;
  width: number;
  height: number;
}

export interface StockVideo {
  provider: StockProvider;
  /** The site's id (stable: the download cache is keyed by it). */
  id: string;
  durationSec: number;
  width: number;
  height: number;
  /** Words describing it (Pixabay's tags, the words of a Pexels page address). */
  tags: string[];
  /** A preview picture for the shot strip. */
  thumbnail: string | null;
  renditions: Rendition[];
  credit: StockCredit;
}

/** The creator's keys; a provider without one is skipped. */
export interface StockKeys {
  pexels?: string;
  pixabay?: string;
}

export const LICENCE: Record<StockProvider, string> = {
  pexels: 'Pexels License: free to use, no attribution required (appreciated) — https://www.pexels.com/license/',
  pixabay: 'Pixabay Content License: free to use, no attribution required — https://pixabay.com/service/license-summary/',
};

export const DEFAULT_BASE_URL: Record<StockProvider, string> = {
  pexels: 'https://api.pexels.com',
  pixabay: 'https://pixabay.com',
};
