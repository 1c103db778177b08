/**
 * Pixabay video search (https://pixabay.com/api/docs/#api_search_videos): the request and the
 * parsing of its answer (`hits[].videos.{large,medium,small,tiny}`, `user`, `pageURL`). Pixabay
 * takes the key in the query string, so this address is never logged or put in an error.
 */
import { nameWords } from '../words/tokens.js';
import { LICENCE, type Rendition, type StockVideo } from './types.js';

export interface PixabayFile { url?: string; width?: number; height?: number; size?: number; thumbnail?: string }
export interface PixabayHit {
  id: number; pageURL?: string; type?: string; tags?: string; duration?: number;
  videos?: { large?: PixabayFile; medium?: PixabayFile; small?: PixabayFile; tiny?: PixabayFile };
  user_id?: number; user?: string; userImageURL?: string;
}
export interface PixabayAnswer { total?: number; totalHits?: number; hits?: PixabayHit[] }

export function pixabaySearchUrl(base: string, key: string, query: string, o: { perPage: number }): string {
  const u = new URL('/api/videos/', base);
  u.searchParams.set('key', key);
  u.searchParams.set('q', query.slice(0, 100));
  u.searchParams.set('per_page', String(Math.max(3, Math.min(200, o.perPage))));
  u.searchParams.set('safesearch', 'true');
  return u.toString();
}

export function parsePixabay(body: unknown): { videos: StockVideo[]; unusable: number } {
  const answer = (body ?? {}) as PixabayAnswer;
  const videos: StockVideo[] = [];
  let unusable = 0;
  for (const h of Array.isArray(answer.hits) ? answer.hits : []) {
    const files = [h.videos?.large, h.videos?.medium, h.videos?.small, h.videos?.tiny];
    // Pixabay lists a size it does not have with an empty url and zero width.
    const renditions: Rendition[] = files
      .filter((f): f is PixabayFile => f !== undefined && typeof f.url === 'string' && /^https?:/.test(f.url) && (f.width ?? 0) > 0 && (f.height ?? 0) > 0)
      .map((f) => ({ url: f.url as string, width: f.width as number, height: f.height as number }));
    if (typeof h.id !== 'number' || renditions.length === 0 || !h.pageURL) {
      unusable++;
      continue;
    }
    const largest = [...renditions].sort((a, b) => b.width * b.height - a.width * a.height)[0] as Rendition;
    videos.push({
      provider: 'pixabay', id: String(h.id), durationSec: h.duration ?? 0, width: largest.width, height: largest.height,
      tags: [...new Set((h.tags ?? '').split(',').flatMap((t) => nameWords(t)))],
      thumbnail: h.videos?.tiny?.thumbnail ?? h.videos?.small?.thumbnail ?? null, renditions,
      credit: {
        provider: 'pixabay', author: h.user ?? 'Unknown',
        authorUrl: h.user && h.user_id !== undefined ? `https://pixabay.com/users/${encodeURIComponent(h.user)}-${h.user_id}/` : null,
        pageUrl: h.pageURL, licence: LICENCE.pixabay,
      },
    });
  }
  return { videos, unusable };
}
