/**
 * A worker's side of the content endpoint (blob-protocol.ts). Every download is hashed while
 * it streams and refused when the bytes do not match the digest asked for (corruption in transit
 * never reaches a cache); every upload names its digest so the controller checks it the same
 * way. A controller that is restarting or briefly unreachable is waited for (retries with
 * backoff, up to `retryForMs`), so a worker holds its finished output until it can deliver it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cancelledError, UserError } from '../errors.js';
import { blobPath, HEADER_EXT, FARM_API, resultPath, resultRecordSchema, type ResultRecord } from './blob-protocol.js';

export interface BlobClientOptions {
  /** http(s)://HOST:PORT of the controller (`reelforge worker --controller`). */
  baseUrl: string;
  token: string;
  /** How long to keep retrying while the controller is unreachable. Default 120 s. */
  retryForMs?: number;
  log?: (line: string) => void;
}

/** Transfer counters (the bench reports them as a share of a render). */
export interface TransferStats {
  downloadedBytes: number;
  uploadedBytes: number;
  transferMs: number;
}

class RetryableError extends Error {}

const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

function isTransient(err: unknown): boolean {
  if (err instanceof RetryableError) return true;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && TRANSIENT.has(code) || (err instanceof Error && /socket hang up/i.test(err.message));
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function errorText(body: string): string {
  try {
    return (JSON.parse(body) as { error?: string }).error ?? body;
  } catch {
    return body;
  }
}

export class BlobClient {
  readonly stats: TransferStats = { downloadedBytes: 0, uploadedBytes: 0, transferMs: 0 };
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(private readonly o: BlobClientOptions) {
    this.base = new URL(o.baseUrl);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new UserError('usage', `--controller must be an http:// or https:// URL, got "${o.baseUrl}".`, '--controller');
    }
    this.agent = this.base.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  get baseUrl(): string {
    return this.base.origin;
  }

  close(): void {
    this.agent.destroy();
  }

  /** One request; the caller consumes the response. Network errors and 502/503/504 are RetryableError. */
  private request(method: string, pathname: string, opts: { headers?: Record<string, string | number>; body?: Buffer | (() => Readable); signal?: AbortSignal } = {}): Promise<IncomingMessage> {
    const lib = this.base.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(new URL(pathname, this.base), {
        method, agent: this.agent,
        headers: { Authorization: `Bearer ${this.o.token}`, ...opts.headers },
        ...(opts.signal ? { signal: opts.signal } : {}),
      }, (res) => {
        const status = res.statusCode ?? 0;
        if (status === 502 || status === 503 || status === 504) {
          res.resume();
          reject(new RetryableError(`controller answered ${status}`));
          return;
        }
        if (status === 401 || status === 403) {
          void readBody(res).then((b) => reject(new UserError('config', `The controller at ${this.baseUrl} refused the farm token (${status}: ${errorText(b)}): pass the token it printed with --token.`, '--token')), reject);
          return;
        }
        resolve(res);
      });
      req.once('error', reject);
      const body = opts.body;
      if (body === undefined) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else pipeline(body(), req).catch(reject);
    });
  }

  /** Retries transient failures with backoff until retryForMs has passed; aborts promptly. */
  private async withRetry<T>(what: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const deadline = Date.now() + (this.o.retryForMs ?? 120_000);
    let delay = 200;
    for (;;) {
      if (signal?.aborted) throw cancelledError(`The transfer of ${what}`);
      try {
        return await fn();
      } catch (err) {
        if (signal?.aborted) throw cancelledError(`The transfer of ${what}`);
        if (!isTransient(err) || Date.now() + delay > deadline) {
          if (isTransient(err)) throw new UserError('io', `The controller at ${this.baseUrl} was unreachable for ${Math.round((this.o.retryForMs ?? 120_000) / 1000)} s while moving ${what} (${err instanceof Error ? err.message : String(err)}): check that "reelforge farm" is running and reachable from this machine.`, this.baseUrl);
          throw err;
        }
        this.o.log?.(`[farm] ${what}: ${err instanceof Error ? err.message : String(err)}; retrying in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  async health(signal?: AbortSignal): Promise<{ ok: boolean; version: string | null }> {
    return this.withRetry('a health check', async () => {
      const res = await this.request('GET', `${FARM_API}/health`, signal ? { signal } : {});
      const body = await readBody(res);
      if (res.statusCode !== 200) throw new UserError('io', `The controller at ${this.baseUrl} answered ${res.statusCode}: ${errorText(body)}`);
      return JSON.parse(body) as { ok: boolean; version: string | null };
    }, signal);
  }

  async has(sha256: string, signal?: AbortSignal): Promise<boolean> {
    return this.withRetry(`blob ${sha256.slice(0, 12)}…`, async () => {
      const res = await this.request('HEAD', blobPath(sha256), signal ? { signal } : {});
      res.resume();
      if (res.statusCode === 200) return true;
      if (res.statusCode === 404) return false;
      throw new UserError('io', `The controller answered ${res.statusCode} for blob ${sha256}.`);
    }, signal);
  }

  /** The digests the controller lacks, of those given. */
  async missing(digests: readonly string[], signal?: AbortSignal): Promise<string[]> {
    if (digests.length === 0) return [];
    return this.withRetry('the list of missing blobs', async () => {
      const res = await this.request('POST', `${FARM_API}/blobs/missing`, { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify({ digests })), ...(signal ? { signal } : {}) });
      const body = await readBody(res);
      if (res.statusCode !== 200) throw new UserError('io', `The controller answered ${res.statusCode} to "which blobs are missing": ${errorText(body)}`);
      return (JSON.parse(body) as { missing: string[] }).missing;
    }, signal);
  }

  /**
   * Streams blob `sha256` into `dest` (which must not exist), hashing as it arrives. Bytes that
   * do not hash to the digest are deleted and fetched once more; a second mismatch fails with
   * an 'io' error naming the blob. Returns null when the controller does not have it.
   */
  async download(sha256: string, dest: string, signal?: AbortSignal): Promise<{ size: number } | null> {
    let corrupt = 0;
    for (;;) {
      const got = await this.withRetry(`blob ${sha256.slice(0, 12)}…`, async () => {
        const started = performance.now();
        const res = await this.request('GET', blobPath(sha256), signal ? { signal } : {});
        if (res.statusCode === 404) {
          res.resume();
          return null;
        }
        if (res.statusCode !== 200) throw new UserError('io', `The controller answered ${res.statusCode} for blob ${sha256}: ${errorText(await readBody(res))}`);
        const hash = createHash('sha256');
        let size = 0;
        const tap = new Transform({
          transform: (chunk: Buffer, _e, cb) => {
            size += chunk.length;
            hash.update(chunk);
            cb(null, chunk);
          },
        });
        try {
          await pipeline(res, tap, createWriteStream(dest, { flags: 'w' }), signal ? { signal } : {});
        } catch (err) {
          await unlink(dest).catch(() => undefined);
          throw isTransient(err) || (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' ? new RetryableError(`download of ${sha256.slice(0, 12)}… broke off`) : err;
        }
        this.stats.downloadedBytes += size;
        this.stats.transferMs += performance.now() - started;
        return { size, actual: hash.digest('hex') };
      }, signal);
      if (got === null) return null;
      if (got.actual === sha256) return { size: got.size };
      await unlink(dest).catch(() => undefined);
      this.o.log?.(`[farm] blob ${sha256.slice(0, 12)}… arrived corrupted (hashes to ${got.actual.slice(0, 12)}…); refused`);
      if (++corrupt >= 2) throw new UserError('io', `Blob ${sha256} arrived corrupted twice from ${this.baseUrl} (its bytes hash to ${got.actual}): check the network between this worker and the controller.`, sha256);
    }
  }

  /** Uploads `file` as blob `sha256` unless the controller has it. A 422 (corrupted in transit) is retried once. */
  async upload(sha256: string, file: string, ext: string, signal?: AbortSignal): Promise<'created' | 'exists'> {
    const size = (await stat(file)).size;
    for (let attempt = 1; ; attempt++) {
      const res = await this.withRetry(`blob ${sha256.slice(0, 12)}…`, async () => {
        const started = performance.now();
        const r = await this.request('PUT', blobPath(sha256), {
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': size, [HEADER_EXT]: ext },
          body: () => createReadStream(file),
          ...(signal ? { signal } : {}),
        });
        const body = await readBody(r);
        this.stats.transferMs += performance.now() - started;
        return { status: r.statusCode ?? 0, body };
      }, signal);
      if (res.status === 201) this.stats.uploadedBytes += size;
      if (res.status === 201 || res.status === 200) return res.status === 201 ? 'created' : 'exists';
      if (res.status === 422 && attempt < 2) continue;
      throw new UserError('io', `The controller refused blob ${sha256} (${res.status}: ${errorText(res.body)}).`, sha256);
    }
  }

  async getResult(key: string, kind: 'json' | 'file', signal?: AbortSignal): Promise<ResultRecord | null> {
    return this.withRetry(`result ${key.slice(0, 12)}…`, async () => {
      const res = await this.request('GET', resultPath(key, kind), signal ? { signal } : {});
      const body = await readBody(res);
      if (res.statusCode === 404) return null;
      if (res.statusCode !== 200) throw new UserError('io', `The controller answered ${res.statusCode} for result ${key}: ${errorText(body)}`);
      const parsed = resultRecordSchema.safeParse(JSON.parse(body));
      if (!parsed.success || parsed.data.kind !== kind) throw new UserError('io', `The controller sent a malformed result for ${key}.`);
      return parsed.data;
    }, signal);
  }

  /** Records a result; for a file result the blob must be uploaded first. First write wins. */
  async putResult(key: string, rec: ResultRecord, signal?: AbortSignal): Promise<'created' | 'exists'> {
    const payload = Buffer.from(JSON.stringify(rec));
    return this.withRetry(`result ${key.slice(0, 12)}…`, async () => {
      const res = await this.request('PUT', resultPath(key), { headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length }, body: payload, ...(signal ? { signal } : {}) });
      const body = await readBody(res);
      if (res.statusCode === 201) return 'created';
      if (res.statusCode === 200) return 'exists';
      throw new UserError('io', `The controller refused result ${key} (${res.statusCode}: ${errorText(body)}).`, key);
    }, signal);
  }
}
