/**
 * One retry policy for every AI call: timeouts, exponential backoff with jitter that honours
 * Retry-After on 429 and 5xx, no retry on client errors (with a message that says what to
 * check), and prompt cancellation. The SDK's own retries are off so this is the only policy.
 */
import { cancelledError, UserError } from '../errors.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError('The request'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(cancelledError('The request'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, sleep: abortableSleep, random: Math.random };

export interface HttpLikeError {
  status?: number;
  headers?: Headers | Record<string, string | null | undefined>;
  name?: string;
  message?: string;
}

/** Retry-After as seconds or an HTTP date → milliseconds (null when absent or unparseable). */
export function retryAfterMs(headers: HttpLikeError['headers'], now = Date.now()): number | null {
  if (!headers) return null;
  const get = (name: string): string | null | undefined => (headers instanceof Headers ? headers.get(name) : (headers[name] ?? headers[name.replace(/(^|-)\w/g, (c) => c.toUpperCase())]));
  // retry-after-ms is OpenAI's (and Azure's) more precise form; prefer it when present.
  const ms = Number(get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after');
  if (raw === null || raw === undefined || raw === '') return null;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** The message for an error that retrying won't fix. Never includes headers or the key. */
export function clientErrorMessage(status: number, what: string, keyHint = 'OPENAI_API_KEY or Settings'): string {
  if (status === 401 || status === 403) return `${what} was refused (HTTP ${status}): check the API key (${keyHint}).`;
  if (status === 404) return `${what} failed (HTTP 404): check the model name and the base URL.`;
  if (status === 400) return `${what} was rejected (HTTP 400): check the model name and settings.`;
  if (status === 429) return `${what} was rate-limited (HTTP 429): lower the AI concurrency or check the account's quota and limits.`;
  if (status >= 500) return `${what} failed: the server had an error (HTTP ${status}); try again later.`;
  return `${what} failed (HTTP ${status}).`;
}

/**
 * The SDK's error classes keep name 'Error': recognise them by class (timeouts are a subclass).
 * The SDK is imported here only after a failure, when the client that threw has loaded it already.
 */
async function isConnectionError(err: unknown): Promise<boolean> {
  if (!(err instanceof Error)) return false;
  // Plain fetch (engines without an SDK) fails with TypeError('fetch failed') when it cannot connect.
  if (err instanceof TypeError && err.message === 'fetch failed') return true;
  const { APIConnectionError } = await import('openai');
  return err instanceof APIConnectionError;
}

/** A server asking for more than this is effectively down: give up rather than hang the batch. */
const MAX_WAIT_MS = 60_000;

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Runs `fn` with retries. `fn` gets an AbortSignal that fires on cancel or on this attempt's
 * timeout. Errors are rewrapped as UserError('provider') with our own words.
 */
export async function withRetries<T>(
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: { signal?: AbortSignal; timeoutMs: number; policy?: Partial<RetryPolicy>; /** Where the key is set, for a 401/403 message. */ keyHint?: string },
): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...opts.policy };
  let lastMessage = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (opts.signal?.aborted) throw cancelledError(what);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, opts.timeoutMs);
    let err: unknown;
    try {
      return await fn(controller.signal);
    } catch (e) {
      err = e;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    if (opts.signal?.aborted) throw cancelledError(what);
    // Our own errors (validation, config) are not transport failures: retrying won't help here.
    if (err instanceof UserError) throw err;
    // From here on only our own words leave this function: SDK errors can carry request
    // headers and server messages that echo part of the key, so `err` is never attached.
    const e = err as HttpLikeError;
    const status = typeof e.status === 'number' ? e.status : undefined;
    const connection = await isConnectionError(err);
    if (timedOut) lastMessage = `${what} timed out after ${formatSeconds(opts.timeoutMs)}: check the base URL or raise the timeout.`;
    else if (status !== undefined) lastMessage = clientErrorMessage(status, what, opts.keyHint);
    else lastMessage = `${what} failed: ${connection ? 'could not connect: check the base URL and the network' : 'the server did not answer properly'}.`;
    const retryable = timedOut || connection || (status !== undefined && isRetryable(status));
    if (!retryable) throw new UserError('provider', lastMessage);
    if (attempt === policy.attempts) break;
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const jittered = backoff / 2 + policy.random() * (backoff / 2);
    // The server's Retry-After wins over our own backoff when it asks for longer.
    const wait = Math.max(jittered, retryAfterMs(e.headers) ?? 0);
    try {
      await policy.sleep(Math.min(wait, MAX_WAIT_MS), opts.signal);
    } catch (sleepErr) {
      if (opts.signal?.aborted) throw cancelledError(what);
      throw sleepErr;
    }
  }
  throw new UserError('provider', `${lastMessage} (gave up after ${policy.attempts} attempts)`);
}

/** A counting semaphore: bounds AI calls and TTS calls separately from renders. */
export class Limiter {
  private active = 0;
  private limit: number;
  private readonly waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** How many calls may run at once. Raising it starts waiting calls at once; lowering it lets running ones finish. */
  get size(): number {
    return this.limit;
  }

  set size(n: number) {
    this.setLimit(n);
  }

  setLimit(n: number): void {
    this.limit = Math.max(1, Math.floor(n));
    this.drain();
  }

  /** Calls running now / waiting for a slot (for the Performance panel). */
  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()?.();
    }
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw cancelledError('The job');
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(cancelledError('The job'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(go);
      });
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      this.active--;
      this.drain();
    }
  }
}
