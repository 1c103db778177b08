/**
 * `reelforge serve`: the real renderer, driven over HTTP + WebSocket instead of Electron IPC.
 *
 * Security model (see auth.ts): binds 127.0.0.1 only; every request and WebSocket upgrade must
 * pass the Host/Origin checks and present the token. The page is opened as `/?token=T`; that
 * response sets an HttpOnly SameSite=Strict cookie, so the page's own <img>/<video>/asset
 * requests are authorised by the cookie and the file URLs the Studio hands out (`dataFileUrl`)
 * are plain `/files/<rel>` paths that never contain the token.
 *
 * Routes: `GET /` + assets (out/renderer, with the CSP), `GET /files/<rel>` (media in the data
 * folder, Range support), `POST /upload?name=` (→ {path}), `GET /ws` (upgrade).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import type { ContractHandlers } from '../core/contract.js';
import { dataPaths } from '../core/paths.js';
import { checkRequest, newToken, tokenCookie } from './auth.js';
import type { EventSource } from '../host/event-names.js';
import { contentSecurityPolicy, isServableDataFile, resolveInside, SECURITY_HEADERS, sendFile, serveRenderer } from '../host/static-files.js';
import { DEFAULT_MAX_UPLOAD_BYTES, onlyUploadedFiles, receiveUpload, UploadError } from './upload.js';
import { createWsBridge } from './ws-bridge.js';

export interface WebHostOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  handlers: ContractHandlers & EventSource;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Fixed token (tests); default 32 random bytes. */
  token?: string;
  maxUploadBytes?: number;
  log?: (line: string) => void;
}

export interface WebHost {
  /** Open this in a browser: it carries the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The URL the renderer loads for a file in the data folder, or null for anything outside it. */
export function dataFileUrl(dataDir: string, absPath: string): string | null {
  const rel = path.relative(path.resolve(dataDir), path.resolve(absPath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  if (!isServableDataFile(absPath)) return null;
  return `/files/${rel.split(path.sep).map(encodeURIComponent).join('/')}`;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`${text}\n`);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404, reason: string): void {
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? newToken();
  const log = opts.log ?? (() => {});
  const uploadsDir = dataPaths(opts.dataDir).uploads;
  const bridge = createWsBridge(onlyUploadedFiles(opts.handlers, uploadsDir), log);
  let port = 0;

  // The URL parser only needs *a* base; the Host header is validated separately in auth.ts.
  const parseUrl = (req: IncomingMessage): URL => new URL(req.url ?? '/', 'http://127.0.0.1');

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseUrl(req);
    const verdict = checkRequest(req, url, { token, port });
    if (!verdict.ok) {
      plain(res, verdict.status, verdict.reason);
      return;
    }
    const method = req.method ?? 'GET';
    if (url.pathname === '/upload') {
      if (method !== 'POST') return plain(res, 405, 'Use POST');
      try {
        json(res, 200, await receiveUpload(req, url, uploadsDir, opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES));
      } catch (err) {
        if (err instanceof UploadError) {
          json(res, err.status, { error: err.message });
          // Stop reading an oversized body instead of draining it.
          res.on('finish', () => req.destroy());
        } else {
          log(`[upload] ${err instanceof Error ? err.message : String(err)}`);
          if (!res.headersSent) json(res, 500, { error: 'The upload could not be saved.' });
        }
      }
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return plain(res, 405, 'Method not allowed');
    // Otherwise the client-routing fallback would answer a plain GET /ws with the page.
    if (url.pathname === '/ws') return plain(res, 426, 'Upgrade to a WebSocket');
    if (url.pathname.startsWith('/files/')) {
      const file = await resolveInside(opts.dataDir, url.pathname.slice('/files/'.length));
      if (file === null || !isServableDataFile(file)) return plain(res, 404, 'Not found');
      return sendFile(req, res, file, { ...SECURITY_HEADERS, 'Cache-Control': 'private, no-cache' });
    }
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? `127.0.0.1:${port}`),
    };
    // The page load carries ?token=; from then on the cookie authorises its subresources.
    if (url.searchParams.has('token')) headers['Set-Cookie'] = tokenCookie(token);
    if (!(await serveRenderer(req, res, opts.rendererDir, url.pathname, headers))) plain(res, 404, 'Not found');
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log(`[http] ${req.method} ${req.url?.split('?')[0]}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  // Large uploads legitimately take minutes; headers must still arrive promptly.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req);
    if (url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not found');
    const verdict = checkRequest(req, url, { token, port });
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason);
    bridge.wss.handleUpgrade(req, socket, head, (ws) => bridge.wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the token protects the API, the bind keeps it off the network entirely.
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The web host did not get a TCP port.');
  port = address.port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      await bridge.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
