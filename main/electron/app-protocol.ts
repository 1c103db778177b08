/**
 * `app://reelforge/…`: how the desktop window loads the renderer and data-folder media instead
 * of `file://` (security checklist #18: file:// pages can read any file the user can, and share
 * one origin). Same rules as the browser host, from the same helpers (main/host/static-files.ts):
 * - `/files/<rel>` → media in the data folder only (no `..`, no absolute paths, no symlink
 *   escapes, media types only), with Range support so <video> can seek;
 * - anything else → the built renderer (out/renderer), `index.html` for `/`.
 * Every response carries the CSP, so the policy holds even if index.html's meta tag changes.
 */
import { protocol } from 'electron';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './app-origin.js';
import { contentSecurityPolicy, contentTypeFor, isServableDataFile, parseRange, resolveInside } from '../host/static-files.js';

export { APP_HOST, APP_ORIGIN, APP_SCHEME };

/** The desktop CSP: the web host's policy minus the WebSocket (IPC needs no network at all). */
export const DESKTOP_CSP = contentSecurityPolicy(null);

/** Must run before app 'ready': makes app:// a secure, standard origin that can stream media. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** The URL the renderer uses for a file in the data folder, or null outside it (Studio's fileUrl). */
export function appFileUrl(dataDir: string, absPath: string): string | null {
  const rel = path.relative(path.resolve(dataDir), path.resolve(absPath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || !isServableDataFile(absPath)) return null;
  return `${APP_ORIGIN}/files/${rel.split(path.sep).map(encodeURIComponent).join('/')}`;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain', 'Content-Security-Policy': DESKTOP_CSP } });
}

async function fileResponse(request: Request, file: string, extra: Record<string, string>): Promise<Response> {
  const { size } = await stat(file);
  const range = parseRange(request.headers.get('range') ?? undefined, size);
  const headers: Record<string, string> = { 'Content-Type': contentTypeFor(file), 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff', ...extra };
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  const { start, end } = range ?? { start: 0, end: Math.max(0, size - 1) };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = String(size === 0 ? 0 : end - start + 1);
  const body = size === 0 ? null : (Readable.toWeb(createReadStream(file, { start, end })) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status: range ? 206 : 200, headers });
}

export function handleAppProtocol(opts: { rendererDir: string; dataDir: string }): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    if (url.pathname.startsWith('/files/')) {
      const file = await resolveInside(opts.dataDir, url.pathname.slice('/files/'.length));
      if (file === null || !isServableDataFile(file)) return notFound();
      return fileResponse(request, file, { 'Cache-Control': 'no-cache' });
    }
    const rel = url.pathname === '/' || path.extname(url.pathname) === '' ? 'index.html' : url.pathname.slice(1);
    const file = await resolveInside(opts.rendererDir, rel);
    if (file === null) return notFound();
    return fileResponse(request, file, { 'Content-Security-Policy': DESKTOP_CSP, 'Cache-Control': 'no-cache' });
  });
}
