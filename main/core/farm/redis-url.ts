/**
 * Redis URLs as a user types them (`redis://[:password@]host:port[/db]`, `rediss://` for TLS)
 * → the connection options every farm process uses, and the same URL with the password hidden
 * for logs and the UI.
 */
import type { RedisOptions } from 'bullmq';
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
