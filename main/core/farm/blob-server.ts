/**
 * The controller's content endpoint (the protocol is in blob-protocol.ts). Its store is the
 * controller's own CacheStore: a worker's results become ordinary cache entries here (so a stage
 * computed on machine A is a hit on machine B, and on the controller), bare uploads are `blob`
 * entries, and inputs taken in for jobs are served from where they are (SourceRegistry).
 *
 * Security: binds only the address it is given; every request must carry the farm token
 * (constant-time compare, 401 otherwise); browsers are refused outright (any Origin header), so
 * a web page on the LAN cannot drive it. Uploads are hashed while they stream in and refused
 * (422) when the bytes do not match the digest they claim; nothing unverified is ever stored.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, createReadStream, createWriteStream } from 'node:fs';
import { copyFile, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CacheStore } from '../cache/store.js';
import type { CacheEntryType } from '../cache/types.js';
import { tokensEqual } from '../security/token.js';
import {
  blobCacheKey, FARM_API, HEADER_EXT, HEADER_SHA256, missingRequestSchema, resultRecordSchema, SHA256_HEX, type ResultRecord,
} from './blob-protocol.js';
import type { SourceRegistry } from './source-registry.js';

export const DEFAULT_MAX_BLOB_BYTES = 16 * 1024 ** 3;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const EXT = /^\.[a-z0-9]{1,8}$/;

export interface BlobServerOptions {
  cache: CacheStore;
  sources: SourceRegistry;
  token: string;
  /** The address to bind: explicit, never a default to all interfaces. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxBlobBytes?: number;
  version?: string;
  log?: (line: string) => void;
}

export interface BlobServer {
  /** http://HOST:PORT — what workers pass as --controller. */
  url: string;
  host: string;
  port: number;
  /** Bytes served and received since start (the bench reports transfer cost). */
  readonly traffic: { sentBytes: number; receivedBytes: number };
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' }).end(text);
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice('Bearer '.length).trim() : null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new HttpError(413, `JSON body over ${MAX_JSON_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

export async function startBlobServer(o: BlobServerOptions): Promise<BlobServer> {
  const { cache, sources } = o;
  const maxBytes = o.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;
  const traffic = { sentBytes: 0, receivedBytes: 0 };

  async function findBlob(sha256: string): Promise<{ path: string; size: number } | null> {
    const hit = cache.peekFileBySha256(sha256);
    if (hit) return { path: hit.path, size: hit.size };
    return sources.lookup(sha256);
  }

  async function sendBlob(req: IncomingMessage, res: ServerResponse, sha256: string): Promise<void> {
    const blob = await findBlob(sha256);
    if (!blob) throw new HttpError(404, 'no such blob');
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': blob.size, [HEADER_SHA256]: sha256, 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        traffic.sentBytes += chunk.length;
        cb(null, chunk);
      },
    });
    // An open file keeps its bytes even if eviction unlinks it mid-stream (POSIX).
    await pipeline(createReadStream(blob.path), counter, res);
  }

  async function receiveBlob(req: IncomingMessage, res: ServerResponse, sha256: string): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) throw new HttpError(413, `blob over ${maxBytes} bytes`);
    const rawExt = String(req.headers[HEADER_EXT] ?? '').toLowerCase();
    const ext = EXT.test(rawExt) ? rawExt : '';
    if (cache.peekFileBySha256(sha256)) {
      req.resume(); // first write wins: drain and say so
      await new Promise((r) => req.once('end', r));
      sendJson(res, 200, { created: false });
      return;
    }
    const tmp = cache.tmpPath(ext);
    const hash = createHash('sha256');
    let size = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        traffic.receivedBytes += chunk.length;
        if (size > maxBytes) {
          cb(new HttpError(413, `blob over ${maxBytes} bytes`));
          return;
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(req, check, createWriteStream(tmp, { flags: 'wx' }));
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err instanceof HttpError ? err : new HttpError(400, `upload broke off (${err instanceof Error ? err.message : String(err)})`);
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      await unlink(tmp).catch(() => undefined);
      o.log?.(`[farm] refused an upload claiming ${sha256.slice(0, 12)}…: its bytes hash to ${actual.slice(0, 12)}… (corrupted in transit)`);
      throw new HttpError(422, `the bytes hash to ${actual}, not ${sha256}: corrupted in transit`);
    }
    if (cache.peekFileBySha256(sha256)) {
      await unlink(tmp).catch(() => undefined); // a concurrent upload of the same content won
      sendJson(res, 200, { created: false });
      return;
    }
    cache.putFile(blobCacheKey(sha256), 'blob', tmp, { computeMs: 0, sha256 });
    sendJson(res, 201, { created: true, size });
  }

  function getResult(res: ServerResponse, key: string, kind: string | null): void {
    if (kind === 'json') {
      const hit = cache.getJson<unknown>(key);
      if (!hit) throw new HttpError(404, 'no such result');
      const rec: ResultRecord = { kind: 'json', type: hit.type, value: hit.value, computeMs: hit.computeMs, costUsd: hit.costUsd, meta: hit.meta };
      sendJson(res, 200, rec);
      return;
    }
    if (kind === 'file') {
      const hit = cache.getFile(key);
      if (!hit?.sha256) throw new HttpError(404, 'no such result');
      const rec: ResultRecord = { kind: 'file', type: hit.type, sha256: hit.sha256, size: hit.size, ext: path.extname(hit.path), computeMs: hit.computeMs, costUsd: hit.costUsd, meta: hit.meta };
      sendJson(res, 200, rec);
      return;
    }
    throw new HttpError(400, 'kind must be json or file');
  }

  async function putResult(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const parsed = resultRecordSchema.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, `not a result record: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const rec = parsed.data;
    if (cache.has(key)) {
      sendJson(res, 200, { created: false });
      return;
    }
    const opts = { computeMs: rec.computeMs, costUsd: rec.costUsd, ...(rec.meta !== undefined ? { meta: rec.meta } : {}) };
    const type = rec.type as CacheEntryType;
    if (rec.kind === 'json') {
      cache.putJson(key, type, rec.value, opts);
      sendJson(res, 201, { created: true });
      return;
    }
    const src = cache.peekFileBySha256(rec.sha256);
    if (!src) throw new HttpError(409, `upload blob ${rec.sha256} first`);
    // The stage's own entry gets its own copy (a reflink where the filesystem has them); the
    // bare upload it came from is then redundant.
    const tmp = cache.tmpPath(EXT.test(rec.ext) ? rec.ext : path.extname(src.path));
    await copyFile(src.path, tmp, fsConstants.COPYFILE_FICLONE);
    if (cache.has(key)) {
      await unlink(tmp).catch(() => undefined);
      sendJson(res, 200, { created: false });
      return;
    }
    cache.putFile(key, type, tmp, { ...opts, sha256: rec.sha256 });
    if (src.type === 'blob') cache.remove(src.key);
    sendJson(res, 201, { created: true });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Not a browser endpoint: a page that makes a visitor's browser call it is refused before anything else.
    if (req.headers.origin !== undefined) throw new HttpError(403, 'browsers may not call the farm endpoint');
    const given = bearer(req);
    if (given === null || !tokensEqual(given, o.token)) throw new HttpError(401, 'missing or wrong farm token');
    const url = new URL(req.url ?? '/', 'http://farm');
    const rest = url.pathname.startsWith(`${FARM_API}/`) ? url.pathname.slice(FARM_API.length + 1) : null;
    if (rest === null) throw new HttpError(404, 'not found');
    const [kind, id, more] = rest.split('/');
    if (kind === 'health' && id === undefined && req.method === 'GET') {
      sendJson(res, 200, { ok: true, version: o.version ?? null });
      return;
    }
    if (kind === 'blobs' && id === 'missing' && more === undefined && req.method === 'POST') {
      const body = missingRequestSchema.safeParse(await readJson(req));
      if (!body.success) throw new HttpError(400, 'expected {"digests": [sha256, …]}');
      const missing: string[] = [];
      for (const d of body.data.digests) if (!(await findBlob(d))) missing.push(d);
      sendJson(res, 200, { missing });
      return;
    }
    if (kind === 'blobs' && id !== undefined && more === undefined) {
      if (!SHA256_HEX.test(id)) throw new HttpError(400, 'a blob is named by its sha256 (64 lowercase hex)');
      if (req.method === 'GET' || req.method === 'HEAD') return sendBlob(req, res, id);
      if (req.method === 'PUT') return receiveBlob(req, res, id);
      throw new HttpError(405, 'blobs take HEAD, GET or PUT');
    }
    if (kind === 'results' && id !== undefined && more === undefined) {
      if (!SHA256_HEX.test(id)) throw new HttpError(400, 'a result is named by its stage key (64 lowercase hex)');
      if (req.method === 'GET') return getResult(res, id, url.searchParams.get('kind'));
      if (req.method === 'PUT') return putResult(req, res, id);
      throw new HttpError(405, 'results take GET or PUT');
    }
    throw new HttpError(404, 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status === 500) o.log?.(`[farm] ${req.method} ${req.url}: ${message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // An unread upload body must not be mistaken for the next request on a kept-alive socket.
      res.setHeader('Connection', 'close');
      sendJson(res, status, { error: message });
      req.resume();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${hostForUrl}:${addr.port}`,
    host: addr.address,
    port: addr.port,
    traffic,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
