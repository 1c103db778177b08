/**
 * Redis URLs as a user types them (`redis://[:password@]host:port[/db]`, `rediss://` for TLS)
 * → the connection options every farm process uses, and the same URL with the password hidden
 * for logs and the UI.
 */
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '../errors.js';

export function parseRedisUrl(text: string, flag = '--redis'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError('usage', `${flag} must be a Redis URL such as redis://127.0.0.1:6379, got "${redactRedisUrl(text)}".`, flag);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UserError('usage', `${flag} must start with redis:// (or rediss:// for TLS), got "${redactRedisUrl(text)}".`, flag);
  }
  if (url.hostname === '') throw new UserError('usage', `${flag} names no host: redis://HOST:PORT.`, flag);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) throw new UserError('usage', `${flag}: the database after the port must be a number (redis://host:6379/0).`, flag);
  return url;
}

/** The URL without its password: safe for logs, errors and the UI. */
export function redactRedisUrl(text: string): string {
  // Whatever sits between a ':' and an '@' is a password, in a valid URL or a mistyped one.
  return text.replace(/:[^:@/\s]*@/g, ':***@');
}

/**
 * ioredis options for every BullMQ object: `maxRetriesPerRequest: null` (a Worker must wait out a
 * Redis restart rather than fail its blocking calls), reconnect quickly with a 2 s ceiling (the
 * farm wants to carry on the moment Redis is back), commands queued while offline.
 */
export function redisOptions(text: string): RedisOptions {
  const url = parseRedisUrl(text);
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/**
 * Does Redis answer at this URL (and take the password)? Asked once before any BullMQ object
 * exists: those reconnect forever by design, which is right once the farm runs and wrong for a
 * typo at start-up. Fails with a sentence naming the URL (without its password) and the fix.
 */
export async function pingRedis(text: string, timeoutMs = 5000, flag = '--redis'): Promise<void> {
  const client = new Redis({ ...redisOptions(text), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  let cause: unknown = null;
  client.on('error', (err: unknown) => {
    cause ??= err; // the socket's own error ("connect ECONNREFUSED …") says more than the rejection
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const first = cause ?? err;
    const msg = first instanceof Error ? first.message : String(first);
    if (/NOAUTH/i.test(msg)) {
      throw new UserError('config', `Redis at ${redactRedisUrl(text)} wants a password: put it in the URL (redis://:PASSWORD@host:port).`, flag);
    }
    if (/WRONGPASS|invalid password|invalid username/i.test(msg)) {
      throw new UserError('config', `Redis at ${redactRedisUrl(text)} refused the password: put the right one in the URL (redis://:PASSWORD@host:port).`, flag);
    }
    throw new UserError('config', `Cannot reach Redis at ${redactRedisUrl(text)} (${redactRedisUrl(msg)}): start it (see "Render farm" in the README) or fix ${flag}.`, flag);
  } finally {
    client.disconnect();
  }
}
