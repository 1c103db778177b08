import { describe, expect, it } from 'vitest';
import { checkListen, checkRedisUrl, farmSummary, healthLabel, type FarmStatus, type FarmWorker } from './farmView';

const worker = (patch: Partial<FarmWorker>): FarmWorker => ({
  id: 'w1', name: 'render-1', host: 'render-1', platform: 'linux-x64', slots: 2, tags: [], ffmpeg: 'ffmpeg version 5.1', voices: ['system'],
  running: [], done: 0, failed: 0, paused: null, health: 'idle', seenSecAgo: 1, ...patch,
});

describe('Settings → Render farm labels', () => {
  it('says what each worker is doing, from its health', () => {
    expect(healthLabel(worker({ health: 'busy', running: ['Cats'] }))).toBe('Rendering 1 of 2');
    expect(healthLabel(worker({ health: 'idle' }))).toBe('Idle');
    expect(healthLabel(worker({ health: 'stale', seenSecAgo: 42 }))).toBe('Not heard from for 42 s');
    expect(healthLabel(worker({ health: 'paused', paused: '3 jobs failed in a row' }))).toBe('Paused');
  });

  it('sums workers, slots, renders and waiting videos', () => {
    const s = { workers: [worker({ running: ['a'] }), worker({ id: 'w2', slots: 1 })], queue: { waiting: 3, active: 1, delayed: 1, failed: 0 } } as unknown as FarmStatus;
    expect(farmSummary(s)).toBe('2 workers, 3 slots, 1 rendering, 4 waiting');
  });

  it('checks a Redis URL and a bind address before they are sent', () => {
    expect(checkRedisUrl('redis://:pw@10.0.0.2:6379')).toBeNull();
    expect(checkRedisUrl('rediss://cache.example.com:6380')).toBeNull();
    expect(checkRedisUrl('http://10.0.0.2:6379')).toMatch(/starts with redis:\/\//);
    expect(checkRedisUrl('  ')).toMatch(/Enter the Redis URL/);
    expect(checkListen('192.168.1.10:7420')).toBeNull();
    expect(checkListen('[::1]:7420')).toBeNull();
    expect(checkListen('7420')).toMatch(/HOST:PORT/);
  });
});
