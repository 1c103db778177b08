import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseListen, reachableHost } from './controller.js';
import { farmJobId } from './farm-runs.js';
import { DEFAULT_TIMINGS, farmTimings } from './farm-options.js';
import { decodeError, encodeError, isPermanent } from './payload.js';
import { parseRedisUrl, redactRedisUrl, redisOptions } from './redis-url.js';
import { healthOf, type WorkerInfo } from './worker-registry.js';

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
