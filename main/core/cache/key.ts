/**
 * Cache keys. Pure: the same inputs give the same key on every machine and every run, and any
 * change that could change the output bytes gives a different key (DESIGN §4). Callers put
 * everything that shapes the output into `inputs` (ffmpeg build string, resolved preset values,
 * font digest, full prompt text, voice and engine); this module only makes the hashing exact.
 */
import { createHash } from 'node:crypto';

export class CacheKeyError extends Error {
  constructor(message: string, readonly at: string) {
    super(`cache key input ${at}: ${message}`);
    this.name = 'CacheKeyError';
  }
}

/**
 * Canonical JSON in the spirit of RFC 8785: object keys sorted by UTF-16 code units at every
 * depth, strings (keys and values) NFC-normalised so "café" typed on macOS (NFD) and on
 * Windows (NFC) agree, undefined object fields dropped (as JSON.stringify does), -0 written as
 * 0, and anything JSON cannot represent faithfully (NaN, Infinity, bigint, functions, Dates,
 * Maps, class instances) rejected rather than silently stringified into a colliding key.
 */
export function canonicalJson(value: unknown, at = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.normalize('NFC'));
    case 'number':
      if (!Number.isFinite(value)) throw new CacheKeyError(`${String(value)} is not a finite number`, at);
      // JSON.stringify gives ECMAScript's shortest round-trip form, which is RFC 8785's.
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        // An undefined array slot becomes null, exactly as JSON.stringify does.
        return `[${value.map((v, i) => (v === undefined ? 'null' : canonicalJson(v, `${at}[${i}]`))).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new CacheKeyError(`a ${(value as object).constructor?.name ?? 'non-plain'} object is not plain JSON`, at);
      }
      const fields = new Map<string, unknown>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        const nk = k.normalize('NFC');
        if (fields.has(nk)) throw new CacheKeyError(`two keys are equal after Unicode normalisation ("${nk}")`, at);
        fields.set(nk, v);
      }
      const names = [...fields.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${names.map((k) => `${JSON.stringify(k)}:${canonicalJson(fields.get(k), `${at}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new CacheKeyError(`a ${typeof value} is not JSON`, at);
  }
}

/**
 * sha256 (hex) of the canonical JSON of {type, v, inputs}. Bump `schemaVersion` whenever a
 * stage's output format or semantics change: every old entry then misses and ages out.
 */
export function cacheKey(type: string, schemaVersion: number, inputs: unknown): string {
  return createHash('sha256').update(canonicalJson({ type, v: schemaVersion, inputs })).digest('hex');
}

const KEY_SHAPE = /^[0-9a-f]{64}$/;

/** Keys name files on disk, so only the exact shape cacheKey produces is accepted. */
export function isCacheKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}
