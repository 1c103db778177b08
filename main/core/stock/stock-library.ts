/**
 * Stock footage for the shot plan: search Pexels then Pixabay (whichever have a key), each
 * search kept in the cache for 24 hours; download the chosen file once into the cache by its
 * site and id (verified with ffprobe before it is stored: a file cut off half-way is never
 * cached or served). Nothing here throws for a site's trouble: a failed or empty search falls
 * back to the next site and says why in `warnings`; the video carries on.
 */
import { rm } from 'node:fs/promises';
import type { CacheStore } from '../cache/store.js';
import { cancelledError, isUserError, UserError } from '../errors.js';
import { probeMedia } from '../media/probe.js';
import { cachedFile, stageKey, type StageCacheContext } from '../pipeline/stage-cache.js';
import { download, getJson, scrub } from './http.js';
import { parsePexels, pexelsSearchUrl } from './pexels.js';
import { parsePixabay, pixabaySearchUrl } from './pixabay.js';
import { chooseRendition } from './rendition.js';
import { DEFAULT_BASE_URL, STOCK_PROVIDERS, type StockKeys, type StockProvider, type StockVideo } from './types.js';

/** Searches are fresh for a day: new uploads appear, and the sites ask clients not to hammer them. */
export const SEARCH_TTL_MS = 24 * 3600_000;
const PER_PAGE = 15;
/** A stock file larger than this is not a short's B-roll (the sites offer 4K files of a few hundred MB). */
const MAX_DOWNLOAD_BYTES = 400 * 1024 * 1024;

const KEY_HINT: Record<StockProvider, string> = {
  pexels: 'PEXELS_API_KEY (or the Pexels key in Settings)',
  pixabay: 'PIXABAY_API_KEY (or the Pixabay key in Settings)',
};
const SITE: Record<StockProvider, string> = { pexels: 'Pexels', pixabay: 'Pixabay' };

export interface StockOptions {
  cache: CacheStore;
  keys: StockKeys;
  /** PEXELS_BASE_URL / PIXABAY_BASE_URL: replace the hosts in every request (tests, proxies). */
  baseUrls?: Partial<Record<StockProvider, string>>;
  ffprobe: string;
  fetch?: typeof fetch;
  now?: () => number;
}

interface SearchEntry {
  fetchedAt: number;
  videos: StockVideo[];
}

export interface StockSearch {
  videos: StockVideo[];
  warnings: string[];
}

export interface Downloaded {
  path: string;
  /** The file that was fetched (kept in the plan so an edited plan can fetch it again). */
  url: string;
  /** The cache key of the file: part of the compile's key. */
  key: string;
  width: number;
  height: number;
  durationSec: number;
}

export class StockLibrary {
  constructor(private readonly o: StockOptions) {}

  /** Sites with a key, in the order they are asked. */
  get providers(): StockProvider[] {
    return STOCK_PROVIDERS.filter((p) => Boolean(this.o.keys[p]));
  }

  /** Identifies what searches can return (sites and hosts, never the keys): part of the video's key. */
  get identity(): string {
    return this.providers.map((p) => `${p}@${this.base(p)}`).join(',');
  }

  private base(p: StockProvider): string {
    return this.o.baseUrls?.[p] || DEFAULT_BASE_URL[p];
  }

  /** The first site that finds something wins; the rest are only asked when it fails or finds nothing. */
  async search(query: string, o: { portrait: boolean; signal?: AbortSignal }): Promise<StockSearch> {
    const warnings: string[] = [];
    const q = query.trim().slice(0, 100);
    if (q === '') return { videos: [], warnings };
    for (const provider of this.providers) {
      try {
        const videos = await this.searchOne(provider, q, o);
        if (videos.length > 0) return { videos, warnings };
      } catch (err) {
        if (o.signal?.aborted) throw cancelledError('The stock search');
        warnings.push(`${SITE[provider]} search for "${q}" failed, trying the next source: ${scrub(err instanceof Error ? err.message : String(err))}`);
      }
    }
    return { videos: [], warnings };
  }

  private async searchOne(provider: StockProvider, query: string, o: { portrait: boolean; signal?: AbortSignal }): Promise<StockVideo[]> {
    const now = this.o.now ?? Date.now;
    // The key is not part of the cache key: results don't depend on whose key asked.
    const key = stageKey('stock-search', 1, { provider, base: this.base(provider), query: query.toLowerCase(), portrait: o.portrait, perPage: PER_PAGE });
    const hit = this.o.cache.getJson<SearchEntry>(key);
    if (hit && now() - hit.value.fetchedAt < SEARCH_TTL_MS) return hit.value.videos;
    const videos = await this.o.cache.singleFlight(key, async () => {
      const started = performance.now();
      const apiKey = this.o.keys[provider] as string;
      const common = { what: `${SITE[provider]} search`, keyHint: KEY_HINT[provider], ...(o.signal ? { signal: o.signal } : {}), ...(this.o.fetch ? { fetch: this.o.fetch } : {}) };
      const body = provider === 'pexels'
        ? await getJson(pexelsSearchUrl(this.base(provider), query, { portrait: o.portrait, perPage: PER_PAGE }), { ...common, headers: { authorization: apiKey } })
        : await getJson(pixabaySearchUrl(this.base(provider), apiKey, query, { perPage: PER_PAGE }), common);
      const parsed = provider === 'pexels' ? parsePexels(body) : parsePixabay(body);
      // An empty answer is not kept: empty can also mean the site was having a bad minute.
      if (parsed.videos.length > 0) {
        this.o.cache.putJson(key, 'stock-search', { fetchedAt: now(), videos: parsed.videos } satisfies SearchEntry, { computeMs: performance.now() - started });
      }
      return parsed.videos;
    });
    return videos;
  }

  /**
   * The rendition nearest the output size, downloaded once into the cache. Throws a UserError
   * ('provider') naming the site when the video has no usable file, the download is cut off or
   * the file is not a playable video: the caller falls back to its next candidate.
   */
  async download(ctx: StageCacheContext, video: StockVideo, target: { width: number; height: number }, signal?: AbortSignal): Promise<Downloaded> {
    const rendition = chooseRendition(video.renditions, target);
    const what = `The ${SITE[video.provider]} video ${video.id}`;
    if (!rendition) throw new UserError('provider', `${what} has no usable file to download.`);
    const key = stageKey('stock-file', 1, { provider: video.provider, id: video.id, width: rendition.width, height: rendition.height });
    const { hit } = await cachedFile(ctx, 'shots', 'stock-file', key, async () => {
      const tmp = ctx.cache.tmpPath('.mp4');
      await download(rendition.url, tmp, { what: `Downloading ${what.toLowerCase()}`, maxBytes: MAX_DOWNLOAD_BYTES, ...(signal ? { signal } : {}), ...(this.o.fetch ? { fetch: this.o.fetch } : {}) });
      let info;
      try {
        info = await probeMedia(this.o.ffprobe, tmp);
      } catch (err) {
        await rm(tmp, { force: true });
        throw new UserError('provider', `${what} downloaded but is not a playable video (${isUserError(err) ? err.message.replace(tmp, 'the file') : String(err)}).`);
      }
      return { tempPath: tmp, meta: { width: info.width, height: info.height, durationSec: info.durationSec } };
    });
    const meta = hit.meta as { width: number; height: number; durationSec: number };
    return { path: hit.path, url: rendition.url, key, ...meta };
  }
}
