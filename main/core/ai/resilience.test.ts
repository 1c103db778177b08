import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { clientErrorMessage, Limiter, retryAfterMs, withRetries } from './resilience.js';

class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status} with secret details`);
  }
}

describe('retryAfterMs', () => {
  it('reads seconds, an HTTP date, and retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'Retry-After': '1.5' }), now)).toBe(1500);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, now)).toBe(7000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});

describe('withRetries', () => {
  const fast = (sleeps: number[]) => ({ sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5, baseDelayMs: 100 });

  it('backs off exponentially on 5xx, honouring a longer Retry-After, then succeeds', async () => {
    const sleeps: number[] = [];
    const failures = [new FakeHttpError(503), new FakeHttpError(429, { 'retry-after': '4' }), new FakeHttpError(500)];
    let calls = 0;
    const value = await withRetries('Test call', async () => {
      calls++;
      const f = failures.shift();
      if (f) throw f;
      return 'ok';
    }, { timeoutMs: 1000, policy: fast(sleeps) });
    expect(value).toBe('ok');
    expect(calls).toBe(4);
    // 100·2^n with jitter at 0.5 → 75 %, except where Retry-After (4 s) asks for longer.
    expect(sleeps).toEqual([75, 4000, 300]);
  });

  it('gives up after the bounded attempts with our own words only', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const err = await withRetries('Test call', async () => {
      calls++;
      throw new FakeHttpError(502);
    }, { timeoutMs: 1000, policy: { ...fast(sleeps), attempts: 3 } }).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(sleeps.length).toBe(2);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('provider');
    expect((err as UserError).message).toBe('Test call failed: the server had an error (HTTP 502); try again later. (gave up after 3 attempts)');
    expect((err as UserError).cause).toBeUndefined();
  });

  it.each([
    [401, 'check the API key (OPENAI_API_KEY or Settings)'],
    [403, 'check the API key (OPENAI_API_KEY or Settings)'],
    [404, 'check the model name and the base URL'],
    [400, 'check the model name and settings'],
  ])('does not retry HTTP %i', async (status, advice) => {
    let calls = 0;
    const err = await withRetries('Test call', async () => {
      calls++;
      throw new FakeHttpError(status);
    }, { timeoutMs: 1000, policy: fast([]) }).catch((e: unknown) => e as UserError);
    expect(calls).toBe(1);
    expect(err.message).toContain(advice);
    expect(err.message).not.toContain('secret details');
    expect(clientErrorMessage(status, 'X')).toContain(advice);
  });

  it('rejects promptly with a cancelled error when the caller aborts during a backoff', async () => {
    const ac = new AbortController();
    const p = withRetries('Test call', async () => {
      throw new FakeHttpError(500, { 'retry-after': '3600' });
    }, { timeoutMs: 1000, signal: ac.signal });
    setImmediate(() => ac.abort());
    await expect(p).rejects.toMatchObject({ kind: 'cancelled', message: 'Test call was cancelled.' });
  });
});

describe('Limiter', () => {
  it('runs at most `size` at once, in order, and can be resized', async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: Array<() => void> = [];
    const task = (i: number) => () => {
      started.push(i);
      active++;
      peak = Math.max(peak, active);
      return new Promise<number>((resolve) => gates.push(() => {
        active--;
        resolve(i);
      }));
    };
    const all = [0, 1, 2, 3, 4].map((i) => limiter.run(task(i)));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(3);
    limiter.size = 3;
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    while (gates.length) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(3);
    expect(limiter.running).toBe(0);
  });

  it('drops a waiting call when its signal aborts, and frees the slot on failure', async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const ac = new AbortController();
    const waiting = limiter.run(async () => 'never', ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
    expect(limiter.queued).toBe(0);
    release();
    await first;
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});
