/**
 * Files the browser host sends: the built renderer (out/renderer) and media in the data folder
 * (`/files/<rel>`). Both go through `resolveInside`, which refuses `..`, absolute paths, NUL,
 * backslashes and symlinks that lead outside the root (checked on the real path, after the
 * link is followed), so no URL can name a file the host was not meant to serve.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.srt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.ass': 'text/plain; charset=utf-8',
};

/**
 * What `/files/` may send from the data folder: media and captions only. The folder also holds
 * the databases and the browser host's key file, which must never leave through this route.
 */
const DATA_FILE_TYPES = new Set(['.mp4', '.m4v', '.mov', '.webm', '.mkv', '.jpg', '.jpeg', '.png', '.webp', '.gif', '.wav', '.mp3', '.m4a', '.aac', '.ogg', '.srt', '.vtt', '.ass']);

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function isServableDataFile(file: string): boolean {
  return DATA_FILE_TYPES.has(path.extname(file).toLowerCase());
}

/**
 * The real path of `rel` (a URL path without its leading slash, still percent-encoded) inside `root`, or null when it
 * is malformed, escapes root (lexically or through a symlink), or does not exist as a file.
 */
export async function resolveInside(root: string, rel: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  // `rel` never starts with a slash (callers strip the route prefix), so one here is an absolute path.
  if (decoded.startsWith('/') || path.isAbsolute(decoded) || /^[a-zA-Z]:/.test(decoded)) return null;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.join(realRoot, ...segments));
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range (what <video> sends), clamped to the file; null for "send it all";
 * 'unsatisfiable' for a range past the end. Multi-range requests get the whole file, which
 * RFC 9110 allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Streams a file (already resolved and checked) with Range support. */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string> = {}): Promise<void> {
  const { size } = await stat(file);
  const range = parseRange(req.headers.range, size);
  const base: Record<string, string> = { 'Content-Type': contentTypeFor(file), 'Accept-Ranges': 'bytes', ...headers };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...base, 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const status = range ? 206 : 200;
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.writeHead(status, {
    ...base,
    'Content-Length': String(size === 0 ? 0 : end - start + 1),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/**
 * The page's CSP. It mirrors renderer/index.html's meta policy and adds the WebSocket origin
 * explicitly (older engines do not let 'self' cover ws:). Media and images come from /files/
 * on this origin; blob: for previews the renderer builds itself.
 */
export function contentSecurityPolicy(host: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    host === null ? "connect-src 'self'" : `connect-src 'self' ws://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sent with every response: no sniffing, no framing, no referrer (the page URL holds the token). */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** A renderer asset, or index.html for `/`. Paths without an extension fall back to index.html (client routing). */
export async function serveRenderer(req: IncomingMessage, res: ServerResponse, rendererDir: string, pathname: string, extraHeaders: Record<string, string>): Promise<boolean> {
  const rel = pathname === '/' || path.extname(pathname) === '' ? 'index.html' : pathname.slice(1);
  const file = await resolveInside(rendererDir, rel);
  if (file === null) return false;
  const isIndex = path.basename(file) === 'index.html';
  await sendFile(req, res, file, {
    ...extraHeaders,
    // Hashed assets never change; index.html must be re-read so a rebuild takes effect.
    'Cache-Control': isIndex ? 'no-store' : 'private, max-age=31536000, immutable',
  });
  return true;
}
