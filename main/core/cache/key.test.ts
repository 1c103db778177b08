import { describe, expect, it } from 'vitest';
import { CacheKeyError, cacheKey, canonicalJson, isCacheKey } from './key.js';

const base = { topic: 'café culture', preset: { width: 1080, height: 1920, crf: 23 }, voice: 'en-us', lines: ['a', 'b'] };

describe('cacheKey', () => {
  it('is pinned to a golden value, so a change of the scheme is never accidental', () => {
    // Derived independently: sha256 of the UTF-8 text
    // {"inputs":{"seconds":30,"tags":["a","b"],"topic":"café"},"type":"script","v":1}
    expect(canonicalJson({ type: 'script', v: 1, inputs: { topic: 'café', seconds: 30, tags: ['a', 'b'] } })).toBe(
      '{"inputs":{"seconds":30,"tags":["a","b"],"topic":"café"},"type":"script","v":1}',
    );
    expect(cacheKey('script', 1, { topic: 'café', seconds: 30, tags: ['a', 'b'] })).toBe(
      'acca66f6ffeb590b68c0210e515077044bb164f8b1ca70e1cc0b583a9b36561f',
    );
  });

  it('ignores key order at every depth', () => {
    const reordered = { lines: ['a', 'b'], voice: 'en-us', preset: { crf: 23, height: 1920, width: 1080 }, topic: 'café culture' };
    expect(cacheKey('script', 1, reordered)).toBe(cacheKey('script', 1, base));
  });

  it('treats NFC and NFD spellings of the same text as equal (values and keys)', () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    expect(nfc).not.toBe(nfd);
    expect(cacheKey('script', 1, { topic: nfd })).toBe(cacheKey('script', 1, { topic: nfc }));
    expect(cacheKey('script', 1, { [nfd]: 1 })).toBe(cacheKey('script', 1, { [nfc]: 1 }));
  });

  it('drops undefined fields and writes -0 as 0', () => {
    expect(cacheKey('script', 1, { a: 1, b: undefined })).toBe(cacheKey('script', 1, { a: 1 }));
    expect(cacheKey('script', 1, { a: -0 })).toBe(cacheKey('script', 1, { a: 0 }));
  });

  it('changes with every real change: any input value, the type, the version', () => {
    const k = cacheKey('script', 1, base);
    const variants = [
      cacheKey('ideas', 1, base),
      cacheKey('script', 2, base),
      cacheKey('script', 1, { ...base, topic: 'cafe culture' }),
      cacheKey('script', 1, { ...base, preset: { ...base.preset, crf: 24 } }),
      cacheKey('script', 1, { ...base, lines: ['b', 'a'] }),
      cacheKey('script', 1, { ...base, voice: 'en-gb' }),
      cacheKey('script', 1, { ...base, extra: null }),
      cacheKey('script', 1, { ...base, preset: { ...base.preset, width: '1080' } }),
    ];
    expect(new Set([k, ...variants]).size).toBe(variants.length + 1);
  });

  it('rejects what JSON cannot represent faithfully, naming where', () => {
    expect(() => cacheKey('script', 1, { a: { b: Number.NaN } })).toThrow(/\$\.inputs\.a\.b/);
    expect(() => cacheKey('script', 1, { a: Infinity })).toThrow(CacheKeyError);
    expect(() => cacheKey('script', 1, { a: 1n })).toThrow(CacheKeyError);
    expect(() => cacheKey('script', 1, { when: new Date(0) })).toThrow(CacheKeyError);
    expect(() => cacheKey('script', 1, { m: new Map() })).toThrow(CacheKeyError);
    expect(() => cacheKey('script', 1, { ['e\u0301']: 1, ['\u00e9']: 2 })).toThrow(/normalisation/);
  });

  it('writes canonical JSON text', () => {
    expect(canonicalJson({ b: [1, undefined, 'x'], a: { d: true, c: null } })).toBe('{"a":{"c":null,"d":true},"b":[1,null,"x"]}');
    expect(isCacheKey(cacheKey('test', 1, {}))).toBe(true);
    expect(isCacheKey('../etc/passwd')).toBe(false);
  });
});
