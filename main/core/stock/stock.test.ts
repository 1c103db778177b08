import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheStore } from '../cache/store.js';
import type { StageCacheContext } from '../pipeline/stage-cache.js';
import { makeClip, tempDir } from '../../testing/media-fixtures.js';
import { StockTestServer, type CatalogVideo } from '../../testing/stock-server.js';
import { creditsText, uniqueCredits } from './credits.js';
import { chooseRendition } from './rendition.js';
import { StockLibrary } from './stock-library.js';

const KEYS = { pexels: 'pexels-secret-key-123', pixabay: 'pixabay-secret-key-456' };
let dir: string;
let server: StockTestServer;
let url: string;
let close: () => Promise<void>;
let cache: CacheStore;
let clock = 1_000_000;

function library(keys: { pexels?: string; pixabay?: string } = KEYS): StockLibrary {
  return new StockLibrary({ cache, keys, baseUrls: { pexels: url, pixabay: url }, ffprobe: 'ffprobe', now: () => clock });
}

function ctx(): StageCacheContext {
  return { cache, noCache: false, pinned: new Set() };
}

beforeAll(async () => {
  dir = await tempDir('reelforge-stock-');
  const sd = await makeClip(path.join(dir, 'dog-sd.mp4'), { width: 360, height: 640, seconds: 1 });
  const hd = await makeClip(path.join(dir, 'dog-hd.mp4'), { width: 720, height: 1280, seconds: 1 });
  const wide = await makeClip(path.join(dir, 'dog-wide.mp4'), { width: 1280, height: 720, seconds: 1 });
  const beach = await makeClip(path.join(dir, 'beach.mp4'), { width: 720, height: 1280, seconds: 1, look: '0xd0c080' });
  const catalog: CatalogVideo[] = [
    { id: 101, tags: ['dog', 'park'], author: 'Jane Doe', durationSec: 1, files: [{ file: sd, width: 360, height: 640 }, { file: hd, width: 720, height: 1280 }, { file: wide, width: 1280, height: 720 }] },
    { id: 202, tags: ['beach', 'sea'], author: 'Sam Lee', durationSec: 1, files: [{ file: beach, width: 720, height: 1280 }] },
  ];
  server = new StockTestServer(catalog, KEYS);
  ({ url, close } = await server.start());
  cache = CacheStore.open(path.join(dir, 'cache'));
});

afterAll(async () => {
  cache.close();
  await close();
});

describe('choosing a rendition', () => {
  const r = (w: number, h: number) => ({ url: `u${w}x${h}`, width: w, height: h });
  it('prefers the output orientation, the nearest size from above, never under 720 px when a larger exists', () => {
    expect(chooseRendition([r(360, 640), r(720, 1280), r(1080, 1920), r(1920, 1080)], { width: 1080, height: 1920 })).toEqual(r(1080, 1920));
    // A tiny test frame still gets at least 720 on the short side.
    expect(chooseRendition([r(360, 640), r(720, 1280), r(2160, 3840)], { width: 180, height: 320 })).toEqual(r(720, 1280));
    // Only landscape files: the nearest landscape one, cropped later.
    expect(chooseRendition([r(640, 360), r(1920, 1080), r(3840, 2160)], { width: 1080, height: 1920 })).toEqual(r(1920, 1080));
    // Nothing big enough: the largest there is.
    expect(chooseRendition([r(360, 640), r(540, 960)], { width: 1080, height: 1920 })).toEqual(r(540, 960));
    expect(chooseRendition([{ url: '', width: 0, height: 0 }], { width: 1080, height: 1920 })).toBeNull();
  });
});

describe('stock search and downloads', () => {
  it('searches Pexels with the key in a header, parses the real shape, and keeps the answer a day', async () => {
    const lib = library();
    const first = await lib.search('a happy dog', { portrait: true });
    expect(first.warnings).toEqual([]);
    expect(first.videos).toHaveLength(1);
    expect(first.videos[0]).toMatchObject({
      provider: 'pexels', id: '101',
      credit: { provider: 'pexels', author: 'Jane Doe', pageUrl: 'https://www.pexels.com/video/dog-park-101/' },
    });
    expect(first.videos[0]?.tags).toEqual(expect.arrayContaining(['dog', 'park']));
    expect(server.requests.at(-1)).toMatchObject({ route: 'pexels', keyOk: true });
    const before = server.count('pexels');
    await lib.search('a happy dog', { portrait: true });
    expect(server.count('pexels')).toBe(before); // from the cache
    clock += 25 * 3600_000;
    await lib.search('a happy dog', { portrait: true });
    expect(server.count('pexels')).toBe(before + 1); // stale after 24 h
  });

  it('falls back to Pixabay when Pexels fails or finds nothing, and says why without the key', async () => {
    const lib = library();
    for (let i = 0; i < 3; i++) server.failNext('pexels', { status: 503 });
    const r = await lib.search('sea beach', { portrait: true });
    expect(r.videos[0]).toMatchObject({ provider: 'pixabay', id: '202', credit: { author: 'Sam Lee', pageUrl: 'https://pixabay.com/videos/beach-sea-202/' } });
    expect(r.warnings.join(' ')).toMatch(/Pexels search .* failed, trying the next source/);

    const wrong = await library({ pexels: 'wrong', pixabay: 'also-wrong' }).search('dog', { portrait: true });
    expect(wrong.videos).toEqual([]);
    const said = wrong.warnings.join(' ');
    expect(said).toMatch(/PEXELS_API_KEY/);
    expect(said).toMatch(/PIXABAY_API_KEY/);
    expect(said).not.toMatch(/wrong|secret/);
    // Nothing found anywhere is not cached (empty may mean a bad minute) and is not an error.
    expect((await lib.search('volcano', { portrait: true })).videos).toEqual([]);
  });

  it('waits out a short Retry-After and skips a site that asks for a long one', async () => {
    const lib = library();
    server.failNext('pexels', { status: 429, retryAfter: 1 });
    const ok = await lib.search('park', { portrait: false });
    expect(ok.videos[0]?.id).toBe('101');
    server.failNext('pexels', { status: 429, retryAfter: 3600 });
    const started = Date.now();
    const skipped = await lib.search('dog park', { portrait: false });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(skipped.videos[0]?.provider).toBe('pixabay');
    expect(skipped.warnings.join(' ')).toMatch(/asks to wait 3600 s/);
  });

  it('downloads the chosen file once, verified; a download cut off half-way is not cached', async () => {
    const lib = library();
    const [video] = (await lib.search('dog', { portrait: true })).videos;
    if (!video) throw new Error('no video');
    server.failNext('file', { cutOff: true });
    await expect(lib.download(ctx(), video, { width: 180, height: 320 })).rejects.toThrow(/cut off/);
    const files = server.count('file');
    const got = await lib.download(ctx(), video, { width: 180, height: 320 });
    expect(got).toMatchObject({ width: 720, height: 1280 });
    expect(server.requests.at(-1)?.file).toBe('dog-hd.mp4');
    expect(server.count('file')).toBe(files + 1);
    const again = await lib.download(ctx(), video, { width: 180, height: 320 });
    expect(again.path).toBe(got.path);
    expect(server.count('file')).toBe(files + 1);
    await expect(lib.download(ctx(), { ...video, id: '999', renditions: [] }, { width: 180, height: 320 })).rejects.toThrow(/no usable file/);
  });

  it('a stock answer with no usable rendition is dropped, and the keys are nowhere in the cache', async () => {
    server.failNext('pexels', { body: { page: 1, per_page: 15, total_results: 1, videos: [{ id: 5, url: 'https://www.pexels.com/video/x-5/', user: { name: 'A' }, video_files: [{ id: 1, link: '', width: 0, height: 0 }] }] } });
    const r = await library({ pexels: KEYS.pexels }).search('cat', { portrait: true });
    expect(r.videos).toEqual([]);
    cache.close();
    const db = readFileSync(path.join(dir, 'cache', 'cache.db'));
    const wal = await readFile(path.join(dir, 'cache', 'cache.db-wal')).catch(() => Buffer.alloc(0));
    for (const key of Object.values(KEYS)) {
      expect(db.includes(key)).toBe(false);
      expect(wal.includes(key)).toBe(false);
    }
    cache = CacheStore.open(path.join(dir, 'cache'));
  });
});

describe('credits', () => {
  it('credits each stock video once, with author, site, page and licence', () => {
    const a = { provider: 'pexels' as const, author: 'Jane Doe', authorUrl: 'https://www.pexels.com/@jane', pageUrl: 'https://www.pexels.com/video/dog-101/', licence: 'Pexels License' };
    const b = { provider: 'pixabay' as const, author: 'Sam', authorUrl: null, pageUrl: 'https://pixabay.com/videos/sea-202/', licence: 'Pixabay Content License' };
    const list = uniqueCredits([a, null, b, a]);
    expect(list).toEqual([a, b]);
    const text = creditsText('Dogs at the beach', list);
    expect(text).toContain('Stock footage in "Dogs at the beach":');
    expect(text).toContain('- Video by Jane Doe on Pexels: https://www.pexels.com/video/dog-101/ (https://www.pexels.com/@jane)');
    expect(text).toContain('- Video by Sam on Pixabay: https://pixabay.com/videos/sea-202/');
    expect(text).toContain('Pixabay Content License');
    expect(creditsText('x', [])).toBe('');
  });
});
