/**
 * A small, honest fake of the Pexels and Pixabay video APIs on 127.0.0.1 for tests: the real
 * clients talk to it over real HTTP (PEXELS_BASE_URL / PIXABAY_BASE_URL point here). It answers
 * searches in the sites' real shapes — Pexels `videos[].video_files[]`, `user`, `url`; Pixabay
 * `hits[].videos.{large,medium,small,tiny}`, `user`, `pageURL` — from a catalogue of real small
 * clips the test made with ffmpeg, and serves those files with their true sizes. A catalogue
 * entry matches a query when they share a word. Faults are scripted per route, in order.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type StockRoute = 'pexels' | 'pixabay' | 'file';

export interface CatalogFile {
  /** A real video file on disk. */
  file: string;
  width: number;
  height: number;
}

export interface CatalogVideo {
  id: number;
  /** Words a query must share with it to find it. */
  tags: string[];
  author: string;
  durationSec: number;
  files: CatalogFile[];
}

export interface StockFault {
  status?: number;
  retryAfter?: number | string;
  /** Answer with this JSON body instead (e.g. videos without usable files). */
  body?: unknown;
  /** Files: send the Content-Length of the whole file, then close the connection half-way. */
  cutOff?: boolean;
}

export interface StockRequest {
  route: StockRoute;
  query: string | null;
  /** The file name asked for (route 'file'). */
  file: string | null;
  /** Whether the request carried the right key (the key itself is never recorded). */
  keyOk: boolean;
}

export class StockTestServer {
  readonly requests: StockRequest[] = [];
  private readonly faults: Record<StockRoute, StockFault[]> = { pexels: [], pixabay: [], file: [] };
  private base = '';

  constructor(private readonly catalog: CatalogVideo[], private readonly keys: { pexels: string; pixabay: string }) {}

  failNext(route: StockRoute, fault: StockFault): void {
    this.faults[route].push(fault);
  }

  count(route: StockRoute): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  async start(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url: this.base,
      close: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  }

  private matches(query: string): CatalogVideo[] {
    const words = query.toLowerCase().split(/[^a-z]+/).filter(Boolean);
    return this.catalog.filter((v) => v.tags.some((t) => words.includes(t)));
  }

  private fileUrl(f: CatalogFile): string {
    return `${this.base}/files/${encodeURIComponent(path.basename(f.file))}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/videos/search') {
      const keyOk = req.headers.authorization === this.keys.pexels;
      const query = url.searchParams.get('query') ?? '';
      this.requests.push({ route: 'pexels', query, file: null, keyOk });
      const fault = this.faults.pexels.shift();
      if (fault) return this.fault(res, fault);
      if (!keyOk) return json(res, 401, { error: 'Unauthorized' });
      const perPage = Number(url.searchParams.get('per_page') ?? 15);
      const videos = this.matches(query).slice(0, perPage).map((v) => ({
        id: v.id, width: v.files[0]?.width ?? 0, height: v.files[0]?.height ?? 0, duration: Math.round(v.durationSec),
        full_res: null, tags: [], url: `https://www.pexels.com/video/${v.tags.join('-')}-${v.id}/`,
        image: `https://images.pexels.com/videos/${v.id}/preview.jpeg`, avg_color: null,
        user: { id: 1000 + v.id, name: v.author, url: `https://www.pexels.com/@${v.author.toLowerCase().replace(/\s+/g, '-')}` },
        video_files: v.files.map((f, i) => ({ id: v.id * 10 + i, quality: f.height >= 720 ? 'hd' : 'sd', file_type: 'video/mp4', width: f.width, height: f.height, fps: 25, link: this.fileUrl(f), size: statSync(f.file).size })),
        video_pictures: [{ id: v.id, nr: 0, picture: `https://images.pexels.com/videos/${v.id}/pictures/preview-0.jpg` }],
      }));
      return json(res, 200, { page: 1, per_page: perPage, total_results: videos.length, url: `https://www.pexels.com/search/videos/${query}/`, videos });
    }
    if (url.pathname === '/api/videos/' || url.pathname === '/api/videos') {
      const keyOk = url.searchParams.get('key') === this.keys.pixabay;
      const query = url.searchParams.get('q') ?? '';
      this.requests.push({ route: 'pixabay', query, file: null, keyOk });
      const fault = this.faults.pixabay.shift();
      if (fault) return this.fault(res, fault);
      // Pixabay answers a wrong key with 400 and a plain-text message.
      if (!keyOk) return text(res, 400, '[ERROR 400] "key" is missing or invalid.');
      const hits = this.matches(query).map((v) => {
        const bySize = [...v.files].sort((a, b) => b.width * b.height - a.width * a.height);
        const slot = (f: CatalogFile | undefined) => (f
          ? { url: this.fileUrl(f), width: f.width, height: f.height, size: statSync(f.file).size, thumbnail: `https://cdn.pixabay.com/video/${v.id}/thumb.jpg` }
          : { url: '', width: 0, height: 0, size: 0, thumbnail: '' });
        return {
          id: v.id, pageURL: `https://pixabay.com/videos/${v.tags.join('-')}-${v.id}/`, type: 'film', tags: v.tags.join(', '), duration: Math.round(v.durationSec),
          videos: { large: slot(bySize[0]), medium: slot(bySize[1]), small: slot(bySize[2]), tiny: slot(bySize[3]) },
          views: 10, downloads: 5, likes: 1, comments: 0, user_id: 2000 + v.id, user: v.author, userImageURL: '',
        };
      });
      return json(res, 200, { total: hits.length, totalHits: hits.length, hits });
    }
    if (url.pathname.startsWith('/files/')) {
      const name = decodeURIComponent(url.pathname.slice('/files/'.length));
      this.requests.push({ route: 'file', query: null, file: name, keyOk: true });
      const f = this.catalog.flatMap((v) => v.files).find((x) => path.basename(x.file) === name);
      if (!f) return json(res, 404, { error: 'Not found' });
      const fault = this.faults.file.shift();
      const size = statSync(f.file).size;
      if (fault?.status) return this.fault(res, fault);
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': size });
      if (fault?.cutOff) {
        const half = createReadStream(f.file, { start: 0, end: Math.floor(size / 2) });
        half.on('end', () => res.destroy());
        half.pipe(res, { end: false });
        return;
      }
      createReadStream(f.file).pipe(res);
      return;
    }
    json(res, 404, { error: `No route ${url.pathname}` });
  }

  private fault(res: ServerResponse, f: StockFault): void {
    const headers: Record<string, string> = {};
    if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
    if (f.body !== undefined) return json(res, f.status ?? 200, f.body, headers);
    json(res, f.status ?? 500, { error: `Scripted failure ${f.status ?? 500}` }, headers);
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const t = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t), ...headers });
  res.end(t);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
