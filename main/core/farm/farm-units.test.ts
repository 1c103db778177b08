import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseListen, reachableHost } from './controller.js';
import { farmJobId } from './farm-runs.js';
import { DEFAULT_TIMINGS, farmTimings } from './farm-options.js';
import { decodeError, encodeError, isPermanent } from './payload.js';
import { parseRedisUrl, redactRedisUrl, redisOptions } from './redis-url.js';
import { healthOf, type WorkerInfo } from './worker-registry.js';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { CacheStore } from '../cache/store.js';
import { makeTempDir } from '../cache/test-support.js';
import type { RenderDeps } from '../pipeline/render.js';
import { scaleShots, shotsStage } from '../pipeline/stages/shots.js';
import type { RenderRequest } from '../pipeline/types.js';
import type { RelatedWords } from '../words/related-words.js';
import { plansShotsHere } from './controller-stages.js';
import type { Shot, ShotPlan } from '../shots/types.js';
import { fromFarmShots, localShots, portableShots, toFarmShots } from './farm-shots.js';
import { renderPayloadSchema } from './render-payload.js';

describe('farm addresses and URLs', () => {
  it('parses HOST:PORT and insists on a host (nothing binds every interface by default)', () => {
    expect(parseListen('127.0.0.1:7420')).toEqual({ host: '127.0.0.1', port: 7420 });
    expect(parseListen('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(parseListen('render-box.local:9000')).toEqual({ host: 'render-box.local', port: 9000 });
    expect(() => parseListen('7420')).toThrow(/HOST:PORT/);
    expect(() => parseListen('127.0.0.1:70000')).toThrow(/HOST:PORT/);
  });

  it('turns a wildcard bind into an address other machines can use', () => {
    const ifaces = { lo: [{ family: 'IPv4', internal: true, address: '127.0.0.1' }], eth0: [{ family: 'IPv4', internal: false, address: '192.168.1.20' }] } as unknown as NodeJS.Dict<NetworkInterfaceInfo[]>;
    expect(reachableHost('0.0.0.0', ifaces)).toBe('192.168.1.20');
    expect(reachableHost('10.0.0.5', ifaces)).toBe('10.0.0.5');
    expect(reachableHost('::1', ifaces)).toBe('[::1]');
  });

  it('reads Redis URLs, hides their password, and refuses other schemes', () => {
    expect(redisOptions('redis://:s3cret@10.0.0.2:6380/2')).toMatchObject({ host: '10.0.0.2', port: 6380, password: 's3cret', db: 2, maxRetriesPerRequest: null });
    expect(redisOptions('rediss://user:pw@cache.example.com')).toMatchObject({ port: 6379, username: 'user', tls: {} });
    expect(redactRedisUrl('redis://:s3cret@10.0.0.2:6380')).toBe('redis://:***@10.0.0.2:6380');
    expect(redactRedisUrl('redis://user:s3cret@h:1')).toBe('redis://user:***@h:1');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(() => parseRedisUrl('http://10.0.0.2:6379')).toThrow(/redis:\/\//);
    expect(() => parseRedisUrl('redis://:s3cret@h:1/x')).toThrow(/database/);
    try {
      parseRedisUrl('nonsense :s3cret@');
    } catch (err) {
      expect(String(err)).not.toContain('s3cret');
    }
  });
});

describe('farm job plumbing', () => {
  it('names each run of a job for BullMQ (never all digits, never a colon)', () => {
    expect(farmJobId('jab12', 3)).toBe('jab12-r3');
    expect(farmJobId('a:b', 1)).toBe('a_b-r1');
  });

  it('carries an error across Redis whole, and makes sense of BullMQ\'s own reasons', () => {
    const info = { kind: 'input' as const, message: 'Background clip /x.mp4 is damaged.', subject: '/x.mp4' };
    expect(decodeError(encodeError(info))).toEqual(info);
    expect(decodeError('job stalled more than allowable limit')).toMatchObject({ kind: 'internal', message: expect.stringMatching(/lost by farm workers/) });
    expect(decodeError('boom')).toEqual({ kind: 'internal', message: 'The farm job failed: boom' });
    expect(isPermanent('input')).toBe(true);
    expect(isPermanent('internal')).toBe(false);
    expect(isPermanent('io')).toBe(false);
  });

  it('scales every timing with a shorter lease for tests, keeping the production defaults otherwise', () => {
    expect(farmTimings({})).toBe(DEFAULT_TIMINGS);
    const t = farmTimings({ REELFORGE_FARM_LOCK_MS: '3000' });
    expect(t).toMatchObject({ lockMs: 3000, stalledIntervalMs: 1500, backoffMs: 500, maxStalledCount: 2, attempts: 3 });
  });

  it('judges a worker\'s health from its record', () => {
    const w = { paused: null, running: [], seenAt: 10_000 } as unknown as WorkerInfo;
    expect(healthOf(w, 12_000, 5000)).toBe('idle');
    expect(healthOf({ ...w, running: ['x'] }, 12_000, 5000)).toBe('busy');
    expect(healthOf(w, 30_000, 5000)).toBe('stale');
    expect(healthOf({ ...w, paused: 'broken ffmpeg' }, 12_000, 5000)).toBe('paused');
  });
});

const SHA = { dog: 'a'.repeat(64), wave: 'b'.repeat(64) };

function shot(over: Partial<Shot>): Shot {
  return {
    startSec: 0, durationSec: 2, sentences: [0], text: 'A dog runs.', candidateId: 'builtin:aurora', source: 'builtin', kind: 'builtin', path: null, builtin: 'aurora',
    inSec: 0, speed: 1, loop: false, treatment: 'cover', score: 0, reason: '', label: 'aurora', thumbnail: null, credit: null, ...over,
  };
}

describe('a shot plan on its way to a worker and back', () => {
  const plan: ShotPlan = {
    version: 1, seed: 7, transition: 'fade', totalSec: 6.5, fps: 30,
    shots: [
      shot({ durationSec: 2, source: 'library', kind: 'clip', path: '/home/ana/Footage/dog.mp4', builtin: null, candidateId: `library:${SHA.dog}`, inSec: 1.5, label: 'dog', thumbnail: '/home/ana/.reelforge/footage/thumbs/aa/dog-0.jpg', reason: 'dog' }),
      shot({ startSec: 2, durationSec: 3, sentences: [1], source: 'user', kind: 'still', path: '/home/ana/Pictures/wave.png', builtin: null, candidateId: 'user:/home/ana/Pictures/wave.png', treatment: 'push-in',
        credit: { provider: 'pexels', author: 'Sam Lee', authorUrl: null, pageUrl: 'https://www.pexels.com/video/22/', licence: 'Pexels License' } }),
      shot({ startSec: 5, durationSec: 1.5, sentences: [2] }),
    ],
  };
  const refs = new Map([['/home/ana/Footage/dog.mp4', { sha256: SHA.dog, size: 1000, ext: '.mp4' }], ['/home/ana/Pictures/wave.png', { sha256: SHA.wave, size: 200, ext: '.png' }]]);

  it('travels by digest: no path, thumbnail or chosen file\'s name of the controller in the job', () => {
    const farm = toFarmShots(plan, refs);
    expect(JSON.stringify(farm)).not.toContain('/home/ana');
    expect(farm.shots.map((s) => s.file?.sha256 ?? null)).toEqual([SHA.dog, SHA.wave, null]);
    expect(farm.shots[1]?.credit?.author).toBe('Sam Lee');
    // The payload schema takes it (what a worker validates before rendering).
    expect(renderPayloadSchema.shape.shots.safeParse(farm).success).toBe(true);
    // A file the controller did not take in is its own bug, said at once.
    expect(() => toFarmShots(plan, new Map())).toThrow(/Shot 1's file was not taken in/);
  });

  it('is rendered as written on the worker, from its own copies, and named by digest again in its result', () => {
    const local = fromFarmShots(toFarmShots(plan, refs), (ref) => `/var/worker/cache/blobs/${ref.sha256.slice(0, 2)}/${ref.sha256}${ref.ext}`);
    expect(local.shots.map((s) => [s.startSec, s.durationSec, s.kind, s.inSec, s.treatment])).toEqual([[0, 2, 'clip', 1.5, 'cover'], [2, 3, 'still', 0, 'push-in'], [5, 1.5, 'builtin', 0, 'cover']]);
    expect(local.shots[0]?.path).toBe(`/var/worker/cache/blobs/aa/${SHA.dog}.mp4`);
    expect(local.transition).toBe('fade');
    const digestOf = new Map(local.shots.filter((s) => s.path !== null).map((s) => [s.path as string, s.path?.includes(SHA.dog) ? SHA.dog : SHA.wave]));
    const back = portableShots({ ...local, request: { music: '/var/worker/cache/blobs/cc/music.m4a' } }, digestOf);
    expect(JSON.stringify(back)).not.toContain('/var/worker');
    expect(back.shots.map((s) => s.path)).toEqual([`sha256:${SHA.dog}`, `sha256:${SHA.wave}`, null]);
  });

  it('comes back to the creator as the controller\'s plan, at the lengths the worker rendered', () => {
    const rendered = { ...plan, totalSec: 7, shots: plan.shots.map((s, i) => ({ ...s, path: null, startSec: [0, 2.2, 5.4][i] ?? 0, durationSec: [2.2, 3.2, 1.6][i] ?? 0 })) };
    const mine = localShots(rendered, plan, { script: 'A dog runs.' });
    expect(mine.shots.map((s) => [s.path, s.startSec, s.durationSec])).toEqual([['/home/ana/Footage/dog.mp4', 0, 2.2], ['/home/ana/Pictures/wave.png', 2.2, 3.2], [null, 5.4, 1.6]]);
    expect(mine.shots[0]?.thumbnail).toContain('dog-0.jpg');
    expect(mine).toMatchObject({ totalSec: 7, request: { script: 'A dog runs.' } });
  });

  it('scales to a voice of another length (another machine\'s engine), cuts on frames, nothing lost', () => {
    const shots = plan.shots.map((s) => ({ ...s }));
    scaleShots(shots, 7.8, 30);
    const sum = shots.reduce((a, s) => a + s.durationSec, 0);
    expect(sum).toBeCloseTo(7.8, 6);
    let at = 0;
    for (const s of shots.slice(0, -1)) {
      at += s.durationSec;
      expect(Math.abs(at * 30 - Math.round(at * 30))).toBeLessThan(1e-4);
    }
    // Each keeps its share of the whole: 2 : 3 : 1.5 of 6.5 s → 2.4 : 3.6 : 1.8 of 7.8 s.
    expect(shots.map((s) => s.durationSec)).toEqual([2.4, 3.6, 1.8]);
  });
});

describe('who plans the shots', () => {
  const req = { background: 'builtin:aurora' } as RenderRequest;
  const footage = (has: boolean): RenderDeps['footage'] => ({ version: () => '1', shotsSource: () => Promise.reject(new Error('unused')), hasFootage: () => has });
  const stock = (providers: string[]): RenderDeps['stock'] => ({ providers } as unknown as RenderDeps['stock']);

  it('the controller, when it has footage or stock to show or an edited plan; otherwise the worker (built-in looks only)', () => {
    expect(plansShotsHere(req, { footage: footage(true), stock: stock([]) })).toBe(true);
    expect(plansShotsHere(req, { footage: footage(false), stock: stock(['pexels']) })).toBe(true);
    expect(plansShotsHere(req, { footage: footage(false), stock: stock([]) })).toBe(false);
    expect(plansShotsHere({ ...req, visuals: ['stock', 'builtin'] }, { footage: footage(true), stock: stock([]) })).toBe(false);
    expect(plansShotsHere({ ...req, shots: { file: 'x.shots.json', plan: {} as ShotPlan } }, { footage: null, stock: null })).toBe(true);
    // One clip for the whole video: no shots anywhere.
    expect(plansShotsHere({ ...req, background: '/clips/a.mp4' }, { footage: footage(true), stock: stock(['pexels']) })).toBe(false);
  });

  it('a plan timed to another voice: a creator\'s edit moves only the last cut, a farm plan scales every shot', async () => {
    const dir = makeTempDir('farm-fit');
    const cache = CacheStore.open(path.join(dir, 'cache'));
    try {
      const plan: ShotPlan = { version: 1, seed: 1, transition: 'cut', totalSec: 6.5, fps: 30, shots: [shot({ durationSec: 2 }), shot({ durationSec: 3, builtin: 'ember' }), shot({ durationSec: 1.5 })] };
      const run = (fit?: 'scale') => shotsStage({ cache, noCache: false, pinned: new Set() }, {
        chunks: [], totalSec: 7.8, order: ['builtin'], transition: 'cut', seed: 1, builtin: 'aurora', fps: 30, size: { width: 180, height: 320 }, fallbackTerms: [],
        plan, planFile: 'edited.shots.json', ...(fit ? { fit } : {}),
      }, { library: null, stock: null, related: {} as RelatedWords /* a plan as written matches no words */, signal: new AbortController().signal, onFraction: () => {} });
      const edited = await run();
      expect(edited.plan.shots.map((s) => s.durationSec)).toEqual([2, 3, 2.8]);
      const farm = await run('scale');
      expect(farm.plan.shots.map((s) => s.durationSec)).toEqual([2.4, 3.6, 1.8]);
      expect(farm.plan.shots.map((s) => s.startSec)).toEqual([0, 2.4, 6]);
      expect(farm.warnings.join(' ')).toMatch(/timed to a voice of 6\.50 s; the voice here lasts 7\.80 s .*scaled to fit/);
    } finally {
      cache.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
