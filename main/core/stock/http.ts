/**
 * The stock sites over HTTP: JSON with retries (429 and 5xx, honouring Retry-After while it is
 * short; a site asking for a long wait is skipped — a stock site never holds up a video), and
 * file downloads streamed to disk and checked against Content-Length. Messages name the site,
 * never the address: Pixabay's carries the key.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { abortableSleep, retryAfterMs } from '../ai/resilience.js';
import { cancelledError, UserError } from '../errors.js';

export interface HttpOptions {
  /** "Pexels search": how the request is named in messages. */
  what: string;
  /** Where the key comes from, for a refused key ("PEXELS_API_KEY or Settings → Stock"). */
  keyHint: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  attempts?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Longest Retry-After honoured; beyond it the source is skipped for this video. */
export const MAX_RETRY_AFTER_MS = 15_000;

function withTimeout(signal: AbortSignal | undefined, ms: number): { signal: AbortSignal; done: () => void; timedOut: () => boolean } {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, ms);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
    timedOut: () => expired,
  };
}

export async function getJson(url: string, o: HttpOptions): Promise<unknown> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? abortableSleep;
  const attempts = o.attempts ?? 3;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (o.signal?.aborted) throw cancelledError(o.what);
    const t = withTimeout(o.signal, o.timeoutMs ?? 15_000);
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: 'application/json', ...o.headers }, signal: t.signal });
    } catch {
      t.done();
      if (o.signal?.aborted) throw cancelledError(o.what);
      last = t.timedOut() ? `${o.what} timed out` : `${o.what} could not connect`;
      if (attempt < attempts) await sleep(500 * 2 ** (attempt - 1), o.signal);
      continue;
    }
    try {
      if (res.ok) {
        try {
          return await res.json();
        } catch {
          throw new UserError('provider', `${o.what} answered with something that is not JSON.`);
        }
      }
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 401 || res.status === 403) throw new UserError('provider', `${o.what} refused the API key (HTTP ${res.status}): check ${o.keyHint}.`);
      // Pixabay answers a bad key with 400, not 401.
      if (res.status === 400) throw new UserError('provider', `${o.what} was rejected (HTTP 400): check ${o.keyHint}.`);
      if (res.status !== 429 && res.status < 500) throw new UserError('provider', `${o.what} failed (HTTP ${res.status}).`);
      last = res.status === 429 ? `${o.what} is rate-limited (HTTP 429)` : `${o.what} had a server error (HTTP ${res.status})`;
      const asked = retryAfterMs(res.headers);
      if (asked !== null && asked > MAX_RETRY_AFTER_MS) throw new UserError('provider', `${last}: it asks to wait ${Math.round(asked / 1000)} s, so it is skipped for now.`);
      if (attempt < attempts) await sleep(Math.max(asked ?? 0, 500 * 2 ** (attempt - 1)), o.signal);
    } finally {
      t.done();
    }
  }
  throw new UserError('provider', `${last} (gave up after ${attempts} attempts).`);
}

/**
 * Stream a file to `dest` (a temp path the caller owns). A body that ends short of its
 * Content-Length — a connection cut half-way — is an error and the partial file is removed.
 */
export async function download(url: string, dest: string, o: Omit<HttpOptions, 'keyHint'> & { maxBytes?: number }): Promise<number> {
  const doFetch = o.fetch ?? fetch;
  const t = withTimeout(o.signal, o.timeoutMs ?? 120_000);
  try {
    const res = await doFetch(url, { signal: t.signal, ...(o.headers ? { headers: o.headers } : {}) });
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new UserError('provider', `${o.what} failed (HTTP ${res.status}).`);
    }
    const expected = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(expected) && o.maxBytes !== undefined && expected > o.maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new UserError('provider', `${o.what} is ${Math.round(expected / 1e6)} MB, over the ${Math.round(o.maxBytes / 1e6)} MB limit for one stock file.`);
    }
    let bytes = 0;
    const counted = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    counted.on('data', (c: Buffer) => {
      bytes += c.length;
      if (o.maxBytes !== undefined && bytes > o.maxBytes) counted.destroy(new Error('too large'));
    });
    await pipeline(counted, createWriteStream(dest));
    if (Number.isFinite(expected) && bytes !== expected) throw new UserError('provider', `${o.what} was cut off (${bytes} of ${expected} bytes).`);
    return bytes;
  } catch (err) {
    await rm(dest, { force: true });
    if (o.signal?.aborted) throw cancelledError(o.what);
    if (err instanceof UserError) throw err;
    throw new UserError('provider', `${o.what} ${t.timedOut() ? 'timed out' : 'was cut off'} (${scrub(err instanceof Error ? err.message : String(err))}).`);
  } finally {
    t.done();
  }
}

/** A key in an address (Pixabay's `key=`) never reaches a message. */
export function scrub(text: string): string {
  return text.replace(/([?&]key=)[^&\s]+/gi, '$1…');
}
