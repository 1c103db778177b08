import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted at every depth, strings NFC-normalised, undefined fields
 * dropped, non-finite numbers rejected. Equal inputs give byte-equal text, whatever the key
 * order or Unicode composition they were written with.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.normalize('NFC'));
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cache key input is not a finite number: ${String(value)}`);
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k.normalize('NFC'), v] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new Error(`cache key input has an unsupported ${typeof value}`);
  }
}

/** sha256 of {type, v, inputs}: a new schema version or any changed input is a new key. */
export function cacheKey(type: string, schemaVersion: number, inputs: unknown): string {
  return createHash('sha256').update(canonicalJson({ type, v: schemaVersion, inputs })).digest('hex');
}
