/**
 * Pexels video search (https://www.pexels.com/api/documentation/#videos-search): the request
 * and the parsing of its answer (`videos[].video_files[]`, `user`, `url`). The key goes in the
 * Authorization header, never in the address.
 */
import { nameWords } from '../words/tokens.js';
import { LICENCE, type StockVideo } from './types.js';

export interface PexelsFile { id?: number; quality?: string | null; file_type?: string; width?: number | null; height?: number | null; link?: string }
export interface PexelsVideo {
  id: number; width?: number; height?: number; duration?: number; url?: string; image?: string;
  user?: { id?: number; name?: string; url?: string };
  video_files?: PexelsFile[];
  tags?: string[];
}
export interface PexelsAnswer { page?: number; per_page?: number; total_results?: number; videos?: PexelsVideo[] }

export function pexelsSearchUrl(base: string, query: string, o: { portrait: boolean; perPage: number }): string {
  const u = new URL('/videos/search', base);
  u.searchParams.set('query', query);
  u.searchParams.set('orientation', o.portrait ? 'portrait' : 'landscape');
  u.searchParams.set('size', 'medium');
  u.searchParams.set('per_page', String(o.perPage));
  return u.toString();
}

/** The words of a Pexels page address: `/video/a-dog-running-on-the-beach-854982/` → dog, running, beach. */
function slugWords(url: string | undefined): string[] {
  const m = /\/video\/([^/]+?)-?\d*\/?$/.exec(url ?? '');
  return m ? nameWords((m[1] ?? '').replace(/-/g, ' ')) : [];
}

export function parsePexels(body: unknown): { videos: StockVideo[]; unusable: number } {
  const answer = (body ?? {}) as PexelsAnswer;
  const videos: StockVideo[] = [];
  let unusable = 0;
  for (const v of Array.isArray(answer.videos) ? answer.videos : []) {
    const renditions = (v.video_files ?? [])
      .filter((f) => typeof f.link === 'string' && /^https?:/.test(f.link) && (f.file_type ?? 'video/mp4').startsWith('video/') && (f.width ?? 0) > 0 && (f.height ?? 0) > 0)
      .map((f) => ({ url: f.link as string, width: f.width as number, height: f.height as number }));
    if (typeof v.id !== 'number' || renditions.length === 0 || !v.url) {
      unusable++;
      continue;
    }
    videos.push({
      provider: 'pexels', id: String(v.id), durationSec: v.duration ?? 0, width: v.width ?? 0, height: v.height ?? 0,
      tags: [...new Set([...(v.tags ?? []).flatMap((t) => nameWords(t)), ...slugWords(v.url)])],
      thumbnail: v.image ?? null, renditions,
      credit: { provider: 'pexels', author: v.user?.name ?? 'Unknown', authorUrl: v.user?.url ?? null, pageUrl: v.url, licence: LICENCE.pexels },
    });
  }
  return { videos, unusable };
}
