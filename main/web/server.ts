/**
 * `reelforge serve`: the real renderer, driven over HTTP + WebSocket instead of Electron IPC.
 *
 * Security model (see auth.ts): binds 127.0.0.1 only; every request and WebSocket upgrade must
 * pass the Host/Origin checks. The page is opened as `/?token=T` and sends the token with its
 * socket and uploads; its static assets need none, and the file URLs the Studio hands out
 * (`dataFileUrl`) carry a signature for that one file instead of the token. No cookie is set, so
 * nothing reaches other local services or another Reelforge host in the same browser.
 *
 * Routes: `GET /` + assets (out/renderer, with the CSP), `GET /files/<rel>` (media in the data
 * folder, Range support), `POST /upload?name=` (→ {path}), `GET /ws` (upgrade).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import type { ContractHandlers } from '../core/contract.js';
import { dataPaths } from '../core/paths.js';
import { checkOrigin, checkRequest, fileSignature, hasFileSignature, hasToken, newToken } from './auth.js';
import type { EventSource } from '../host/event-names.js';
import { contentSecurityPolicy, isServableDataFile, resolveInside, SECURITY_HEADERS, sendFile, serveRenderer } from '../host/static-files.js';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_DISK_RESERVE_BYTES, onlyUploadedFiles, receiveUpload, UploadError } from './upload.js';
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
  /** The cap on one uploaded file: a number, or read per upload (the uploadMaxBytes setting). */
  maxUploadBytes?: number | (() => Promise<number>);
  /** Uploads receiving at once; one more is answered 503 (default 4). */
  maxConcurrentUploads?: number;
  /** Free disk no upload may take (default 256 MiB): renders need room too. */
  uploadDiskReserveBytes?: number;
  log?: (line: string) => void;
}

export interface WebHost {
  /** Open this in a browser: it carries the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The URL the renderer loads for a file in the data folder (signed with the host's token, so an
 * <img> or <video> needs no credentials of its own), or null for anything outside it.
 */
export function dataFileUrl(dataDir: string, absPath: string, token: string): string | null {
  const rel = path.relative(path.resolve(dataDir), path.resolve(absPath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  if (!isServableDataFile(absPath)) return null;
  const parts = rel.split(path.sep);
  return `/files/${parts.map(encodeURIComponent).join('/')}?sig=${fileSignature(token, parts.join('/'))}`;
}

/** The renderer's hashed assets (not the page itself): public code, served without the token. */
function isRendererAsset(pathname: string): boolean {
  return pathname !== '/' && path.extname(pathname) !== '' && path.basename(pathname) !== 'index.html' && !pathname.startsWith('/files/') && pathname !== '/upload';
}

/** The data-folder path a `/files/` URL names, decoded; null when it cannot be decoded. */
function filesRel(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname.slice('/files/'.length));
  } catch {
    return null;
  }
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
  let uploading = 0;
  const maxConcurrentUploads = opts.maxConcurrentUploads ?? 4;
  const uploadLimits = async (): Promise<{ maxBytes: number; reserveBytes: number }> => ({
    maxBytes: typeof opts.maxUploadBytes === 'function' ? await opts.maxUploadBytes() : opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    reserveBytes: opts.uploadDiskReserveBytes ?? DEFAULT_UPLOAD_DISK_RESERVE_BYTES,
  });

  // The URL parser only needs *a* base; the Host header is validated separately in auth.ts.
  const parseUrl = (req: IncomingMessage): URL => new URL(req.url ?? '/', 'http://127.0.0.1');

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseUrl(req);
    const origin = checkOrigin(req, port);
    if (!origin.ok) return plain(res, origin.status, origin.reason);
    const method = req.method ?? 'GET';
    const readOnly = method === 'GET' || method === 'HEAD';
    const rel = url.pathname.startsWith('/files/') ? filesRel(url.pathname) : null;
    const signed = readOnly && rel !== null && hasFileSignature(url, rel, token);
    if (!hasToken(req, url, token) && !signed && !(readOnly && isRendererAsset(url.pathname))) {
      return plain(res, 401, 'Missing or wrong token');
    }
    if (url.pathname === '/upload') {
      if (method !== 'POST') return plain(res, 405, 'Use POST');
      if (uploading >= maxConcurrentUploads) {
        res.setHeader('Retry-After', '1');
        json(res, 503, { error: `${uploading} uploads are already in progress: wait for one to finish, then try again.` });
        res.on('finish', () => req.destroy());
        return;
      }
      uploading++;
      try {
        json(res, 200, await receiveUpload(req, url, uploadsDir, await uploadLimits()));
      } catch (err) {
        if (err instanceof UploadError) {
          json(res, err.status, { error: err.message });
          // Stop reading an oversized body instead of draining it.
          res.on('finish', () => req.destroy());
        } else {
          log(`[upload] ${err instanceof Error ? err.message : String(err)}`);
          if (!res.headersSent) json(res, 500, { error: 'The upload could not be saved.' });
        }
      } finally {
        uploading--;
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
