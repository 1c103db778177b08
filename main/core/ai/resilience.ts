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
  const raw = headers instanceof Headers ? headers.get('retry-after') : (headers['retry-after'] ?? headers['Retry-After']);
  if (raw === null || raw === undefined || raw === '') return null;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** The message for an error that retrying won't fix. Never includes headers or the key. */
export function clientErrorMessage(status: number, what: string): string {
  if (status === 401 || status === 403) return `${what} was refused (HTTP ${status}): check the API key (OPENAI_API_KEY or Settings).`;
  if (status === 404) return `${what} failed (HTTP 404): check the model name and the base URL.`;
  if (status === 400) return `${what} was rejected (HTTP 400): check the model name and settings.`;
  return `${what} failed (HTTP ${status}).`;
}

function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Runs `fn` with retries. `fn` gets an AbortSignal that fires on cancel or on this attempt's
 * timeout. Errors are rewrapped as UserError('provider') with our own words.
 */
export async function withRetries<T>(
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: { signal?: AbortSignal; timeoutMs: number; policy?: Partial<RetryPolicy> },
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
    try {
      return await fn(controller.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw cancelledError(what);
      // Our own errors (validation, config) are not transport failures: retrying won't help here.
      if (err instanceof UserError) throw err;
      const e = err as HttpLikeError;
      const status = typeof e.status === 'number' ? e.status : undefined;
      if (timedOut) lastMessage = `${what} timed out after ${Math.round(opts.timeoutMs / 1000)} s: check the base URL or raise the timeout.`;
      else if (status !== undefined) lastMessage = clientErrorMessage(status, what);
      else lastMessage = `${what} failed: ${e.name === 'APIConnectionError' ? 'could not connect: check the base URL and the network' : 'the server did not answer properly'}.`;
      if (!timedOut && !isRetryable(status)) throw new UserError('provider', lastMessage);
      if (attempt === policy.attempts) break;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + policy.random() * (backoff / 2);
      const wait = Math.max(jittered, retryAfterMs(e.headers) ?? 0);
      await policy.sleep(Math.min(wait, 60_000), opts.signal);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
  throw new UserError('provider', `${lastMessage} (gave up after ${policy.attempts} attempts)`);
}

/** A counting semaphore: bounds AI calls and TTS calls separately from renders. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  setLimit(n: number): void {
    this.limit = Math.max(1, n);
    this.drain();
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
