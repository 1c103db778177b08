/**
 * Model-based check of eviction and expiry: seeded random put/get/pin/unpin/prune/clock steps
 * run against the real store and against a plain in-memory reference; after every step both
 * must hold exactly the same keys, and pinned entries must never have been evicted.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesOverTarget, chooseVictims } from './evict.js';
import { CacheStore } from './store.js';
import { checkInvariants, makeTempDir, testKey } from './test-support.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The rules of DESIGN §4, written as plainly as possible. */
class ReferenceCache {
  readonly entries = new Map<string, { size: number; last: number }>();
  readonly pins = new Map<string, number>();
  constructor(readonly maxSize: number, readonly maxAgeMs: number) {}

  private pinned = (k: string): boolean => (this.pins.get(k) ?? 0) > 0;
  private total = (): number => [...this.entries.values()].reduce((a, e) => a + e.size, 0);

  put(key: string, size: number, now: number): void {
    this.entries.set(key, { size, last: now });
    this.evict(key);
  }

  get(key: string, now: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    if (now - e.last > this.maxAgeMs && !this.pinned(key)) {
      this.entries.delete(key);
      return false;
    }
    e.last = now;
    return true;
  }

  prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.last > this.maxAgeMs && !this.pinned(k)) this.entries.delete(k);
    this.evict(null);
  }

  private evict(spare: string | null): void {
    const total = this.total();
    if (total <= this.maxSize) return;
    const need = total - Math.floor(this.maxSize * 0.9);
    const order = [...this.entries].sort(([ka, a], [kb, b]) => a.last - b.last || (ka < kb ? -1 : ka > kb ? 1 : 0));
    let freed = 0;
    for (const [k, e] of order) {
      if (freed >= need) break;
      if (k === spare || this.pinned(k)) continue;
      this.entries.delete(k);
      freed += e.size;
    }
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('LRU eviction and expiry against a reference model', () => {
  for (const seed of [1, 2, 3]) {
    it(`agrees with the model over 800 random steps (seed ${seed})`, () => {
      const rand = mulberry32(seed);
      const int = (n: number): number => Math.floor(rand() * n);
      const dir = makeTempDir('lru');
      dirs.push(dir);
      let now = 1_700_000_000_000;
      const maxSize = 20_000;
      const maxAgeMs = 24 * 60 * 60 * 1000;
      const store = CacheStore.open(dir, { clock: () => now, limits: { maxSize, maxAgeMs } });
      const model = new ReferenceCache(maxSize, maxAgeMs);
      const universe = Array.from({ length: 40 }, (_, i) => testKey(`lru-${i}`));
      const kinds = new Map<string, 'file' | 'json'>();
      let evictionsSeen = 0;
      try {
        for (let step = 0; step < 800; step++) {
          now += 1 + int(1000);
          const key = universe[int(universe.length)] as string;
          const op = rand();
          if (op < 0.4) {
            const size = 10 + int(2500);
            if (int(8) === 0) {
              const tmp = store.tmpPath('.bin');
              fs.writeFileSync(tmp, Buffer.alloc(size, 1));
              store.putFile(key, 'test', tmp, { computeMs: 1 });
              kinds.set(key, 'file');
            } else {
              store.putJson(key, 'test', 'x'.repeat(size - 2), { computeMs: 1 }); // JSON text is exactly `size` bytes
              kinds.set(key, 'json');
            }
            const before = model.entries.size;
            model.put(key, size, now);
            if (model.entries.size <= before) evictionsSeen++;
          } else if (op < 0.75) {
            const hit = kinds.get(key) === 'file' ? store.getFile(key) : store.getJson(key);
            expect(hit !== null).toBe(model.get(key, now));
          } else if (op < 0.83) {
            store.pin(key);
            model.pins.set(key, (model.pins.get(key) ?? 0) + 1);
          } else if (op < 0.91) {
            store.unpin(key);
            const n = model.pins.get(key) ?? 0;
            if (n <= 1) model.pins.delete(key);
            else model.pins.set(key, n - 1);
          } else if (op < 0.97) {
            store.prune();
            model.prune(now);
          } else {
            now += maxAgeMs / 2 + int(maxAgeMs); // idle gaps long enough to expire things
          }
          const present = universe.filter((k) => store.has(k));
          expect(present).toEqual(universe.filter((k) => model.entries.has(k)));
          for (const [k, n] of model.pins) if (n > 0 && model.entries.has(k)) expect(store.has(k)).toBe(true);
        }
        expect(evictionsSeen).toBeGreaterThan(10); // the run really exercised eviction
      } finally {
        store.close();
      }
      expect(checkInvariants(dir).problems).toEqual([]);
    });
  }
});

describe('chooseVictims (pure)', () => {
  it('takes the oldest unprotected entries until the target is covered', () => {
    const c = [{ key: 'a', size: 5 }, { key: 'b', size: 5 }, { key: 'c', size: 5 }, { key: 'd', size: 5 }];
    expect(chooseVictims(c, 8, (k) => k === 'a').map((v) => v.key)).toEqual(['b', 'c']);
    expect(chooseVictims(c, 0, () => false)).toEqual([]);
    expect(bytesOverTarget(100, 100)).toBe(0);
    expect(bytesOverTarget(101, 100)).toBe(11);
  });
});

describe('expiry with an injectable clock', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const HOUR = 60 * 60 * 1000;

  function setup(): { store: CacheStore; clock: { now: number } } {
    const dir = makeTempDir('clock');
    dirs.push(dir);
    const clock = { now: Date.UTC(2026, 0, 10) };
    const store = CacheStore.open(dir, { clock: () => clock.now, limits: { maxAgeMs: 7 * DAY } });
    return { store, clock };
  }

  it('expires an entry idle 7 d 1 h and keeps one idle 6 d 23 h', () => {
    const { store, clock } = setup();
    store.putJson(testKey('old'), 'script', 1, { computeMs: 1 });
    clock.now += 2 * HOUR;
    store.putJson(testKey('young'), 'script', 2, { computeMs: 1 });
    clock.now += 6 * DAY + 23 * HOUR; // old: 7 d 1 h idle; young: 6 d 23 h
    expect(store.prune()).toMatchObject({ expired: 1 });
    expect(store.has(testKey('old'))).toBe(false);
    expect(store.getJson(testKey('young'))?.value).toBe(2);
    store.close();
  });

  it('a pinned entry does not expire', () => {
    const { store, clock } = setup();
    store.putJson(testKey('p'), 'script', 1, { computeMs: 1 });
    store.pin(testKey('p'));
    clock.now += 30 * DAY;
    expect(store.prune().expired).toBe(0);
    expect(store.getJson(testKey('p'))).not.toBeNull();
    store.close();
  });

  it('a backward jump of a year expires nothing, and does not make entries immortal', () => {
    const { store, clock } = setup();
    store.putJson(testKey('a'), 'script', 'a', { computeMs: 1 });
    clock.now += 3 * DAY;
    store.putJson(testKey('b'), 'script', 'b', { computeMs: 1 }); // a is 3 days idle relative to b
    clock.now -= 365 * DAY;
    expect(store.prune()).toMatchObject({ expired: 0, evicted: 0 });
    expect(store.getJson(testKey('b'))).not.toBeNull(); // a hit right after the jump still works
    clock.now += 5 * DAY; // a: 3 + 5 = 8 days idle by the new clock
    expect(store.prune().expired).toBe(1);
    expect(store.has(testKey('a'))).toBe(false);
    expect(store.has(testKey('b'))).toBe(true);
    clock.now += 8 * DAY; // b: last used at the jump, now 13 days later — not a year
    expect(store.prune().expired).toBe(1);
    expect(store.stats().entries).toBe(0);
    store.close();
  });

  it('a forward jump expires only what is idle longer than maxAge by the new clock', () => {
    const { store, clock } = setup();
    store.putJson(testKey('a'), 'script', 'a', { computeMs: 1 });
    clock.now += 8 * DAY;
    store.putJson(testKey('b'), 'script', 'b', { computeMs: 1 });
    expect(store.getJson(testKey('a'))).toBeNull(); // lazily expired on read
    expect(store.getJson(testKey('b'))).not.toBeNull();
    store.close();
  });
});
