import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { heldRunner, settle, tempDb } from '../batch/test-helpers.js';
import type { BatchView, JobView } from '../contract.js';
import type { CacheStats } from '../cache/types.js';
import { EventBus } from './event-bus.js';
import { PathGuard } from './path-guard.js';
import type { SavedKey } from '../settings/api-key.js';
import { Studio, type StudioEngine } from './studio.js';

const stats: CacheStats = { entries: 0, totalSize: 0, maxSize: 1, totalHits: 0, misses: 0, hitRate: 0, oldestEntry: null, newestEntry: null, byType: {}, timeSavedMs: 0, costSaved: 0 };

function fakeEngine(): StudioEngine & { limits: unknown[] } {
  const limits: unknown[] = [];
  return {
    limits,
    resolve: () => Promise.reject(new Error('not used')),
    render: () => Promise.reject(new Error('not used')),
    preview: () => Promise.reject(new Error('not used')),
    voicePreview: () => Promise.resolve({ durationMs: 1000 }),
    cache: { stats: () => stats, prune: () => ({ expired: 0, evicted: 0, bytesFreed: 0 }), clear: () => 3, setLimits: (l) => limits.push(l) },
    perf: { snapshot: () => ({ at: 0, active: [], stages: [], throughput: [], pool: { size: 2, busy: 0, utilisation: 0 } }) },
    ffmpeg: { ffmpeg: '/usr/bin/ffmpeg', version: '7.1', ffprobe: 'ffprobe' },
    ai: { identity: { id: 'offline' } },
  };
}

async function setup() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-studio-'));
  const { db } = tempDb();
  const runner = heldRunner();
  let key: SavedKey | null = null;
  const engine = fakeEngine();
  const studio = new Studio({
    engine, dataDir, host: 'web', db, runJob: runner.runJob,
    fileUrl: (p) => (p.startsWith(dataDir) ? `/files/${path.relative(dataDir, p)}` : null),
    secrets: { get: () => key, set: (k) => (key = k) },
  });
  return { studio, runner, dataDir, engine };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Studio queue channels', () => {
  it('a mixed drop: clips join the library, the list becomes a started batch, bad rows come back as errors', async () => {
    const { studio, runner, dataDir } = await setup();
    const drop = path.join(dataDir, 'uploads');
    await mkdir(drop, { recursive: true });
    const clip = path.join(drop, 'ocean-waves.mp4');
    await writeFile(clip, 'x');
    const csv = path.join(drop, 'topics.csv');
    await writeFile(csv, 'topic,duration\nWhy the ocean is salty,30\nBroken,abc\n');
    const res = await studio['queue.addFiles']({ paths: [clip, csv] });
    expect(res.jobsAdded).toBe(1);
    expect(res.backgroundsAdded).toEqual([clip]);
    expect(res.errors).toEqual([{ kind: 'input', message: 'topics.csv:line 3: duration "abc" is not a number of seconds', subject: 'topics.csv:line 3' }]);
    expect(runner.calls[0]?.spec).toEqual({ topic: 'Why the ocean is salty', duration: 30, background: clip });
    const list = await studio['queue.list']();
    expect(list.batches.map((b) => b.id)).toEqual([res.batchId]);
    expect((await studio['backgrounds.list']()).filter((b) => b.kind === 'file').map((b) => b.id)).toEqual([clip]);
    await studio.close();
  });

  it('refuses paths the user never chose (DESIGN §7) but accepts data-folder and library files', async () => {
    const { studio, runner, dataDir } = await setup();
    const res = await studio['queue.addJobs']({ jobs: [{ topic: 'A', background: '/etc/passwd' }, { topic: 'B', background: path.join(dataDir, 'uploads', 'x.mp4') }, { genre: 'x' }] });
    expect(res.jobsAdded).toBe(1);
    expect(res.errors.map((e) => e.subject)).toEqual(['job 1', 'job 3']);
    expect(res.errors[0]?.message).toMatch(/passwd was not added in Reelforge/);
    expect(runner.calls[0]?.spec.topic).toBe('B');
    await expect(studio['job.rerender']({ jobId: runner.calls[0]!.jobId, changes: { music: '/home/else/song.mp3' } })).rejects.toThrow(/not added/);
    await studio.close();
  });

  it('a voice-over is refused until the user picks it; create.recording then checks it has sound', async () => {
    const { studio, runner, dataDir } = await setup();
    const take = path.join(os.tmpdir(), `take-${Date.now()}.m4a`);
    await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=300:d=1.5', '-c:a', 'aac', take]);
    const before = await studio['queue.addJobs']({ jobs: [{ script: 'Hello.', voiceover: take }] });
    expect(before.errors[0]?.message).toMatch(/was not added in Reelforge/);
    await expect(studio['create.recording']({ path: take })).rejects.toThrow(/was not added in Reelforge/);
    // The host reports the pick (the desktop preload's pathForFile; a browser upload lands in the data folder).
    studio.grant([take]);
    const silent = path.join(dataDir, 'clip.mp4');
    await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=black:s=64x64:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', silent]);
    await expect(studio['create.recording']({ path: silent })).rejects.toThrow(/has no sound/);
    expect(await studio['create.recording']({ path: take })).toEqual({ path: await realpath(take), name: path.basename(take), durationSec: expect.closeTo(1.5, 0) as unknown as number });
    const after = await studio['queue.addJobs']({ jobs: [{ script: 'Hello.', voiceover: take, trimSilence: true }] });
    expect(after.errors).toEqual([]);
    expect(runner.calls.at(-1)?.spec).toMatchObject({ voiceover: await realpath(take), trimSilence: true });
    await studio.close();
  });

  it('finished jobs reach the library with URLs; re-render adds a job with the changes; open needs a host', async () => {
    const { studio, runner, dataDir } = await setup();
    await studio['queue.addJobs']({ jobs: [{ topic: 'Cats' }] });
    const c = runner.calls[0]!;
    c.succeed({ mp4: path.join(dataDir, 'videos', 'cats.mp4'), thumbnail: path.join(dataDir, 'videos', 'cats.jpg') });
    await settle();
    const lib = await studio['library.list']();
    expect(lib).toMatchObject([{ jobId: c.jobId, title: 'Cats', videoUrl: '/files/videos/cats.mp4', thumbnailUrl: '/files/videos/cats.jpg' }]);
    const { jobId } = await studio['job.rerender']({ jobId: c.jobId, changes: { voice: 'system:en-gb' } });
    expect(jobId).not.toBe(c.jobId);
    expect(runner.calls[1]?.spec).toEqual({ topic: 'Cats', voice: 'system:en-gb' });
    await expect(studio['job.open']({ jobId: c.jobId })).rejects.toThrow(/cannot open/);
    await studio.close();
  });

  it('settings apply live: concurrency to the queue, cache limits to the engine; the key is never returned', async () => {
    const { studio, runner, engine } = await setup();
    await studio['settings.set']({ concurrency: 2, cacheMaxSizeBytes: 2 ** 30 });
    await studio['queue.addJobs']({ jobs: [{ topic: 'a' }, { topic: 'b' }, { topic: 'c' }] });
    expect(runner.inFlight()).toBe(2);
    expect(engine.limits).toEqual([{ maxSize: 2 ** 30, maxAgeMs: 7 * 86_400_000 }]);
    expect(await studio['settings.setApiKey']({ key: 'sk-test' })).toEqual({ apiKeySet: true });
    const s = await studio['settings.get']();
    expect(s.apiKeySet).toBe(true);
    expect(JSON.stringify(s)).not.toContain('sk-test');
    await studio['batch.setOptions']({ concurrency: 3 });
    expect(runner.inFlight()).toBe(3);
    await studio.close();
  });
});

describe('Studio events', () => {
  it('coalesces job updates: only changed jobs, a handful of messages for a flood of progress', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { studio, runner } = await setup();
    const messages: JobView[][] = [];
    studio.on('jobs', (p) => messages.push(p.jobs));
    await studio['queue.addJobs']({ jobs: [{ topic: 'a' }, { topic: 'b' }, { topic: 'c' }] });
    vi.advanceTimersByTime(250);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.map((j) => j.status)).toEqual(['running', 'running', 'running']);

    // 600 progress events for job a only, over 1.2 s.
    for (let i = 1; i <= 600; i++) {
      runner.calls[0]!.emit({ type: 'stage', stage: 'compile', status: 'running', fraction: i / 600, overall: i / 600 });
      vi.advanceTimersByTime(2);
    }
    vi.advanceTimersByTime(500);
    const later = messages.slice(1);
    expect(later.length).toBeLessThanOrEqual(8);
    expect(later.every((m) => m.length === 1 && m[0]?.title === 'a')).toBe(true);
    expect(later.at(-1)?.[0]?.progress).toBe(1);
    vi.useRealTimers();
    await studio.close();
  });

  it('a 1,000-video batch reaches the renderer as one message listing every job, not 1,000', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { studio, runner } = await setup();
    const messages: JobView[][] = [];
    studio.on('jobs', (p) => messages.push(p.jobs));
    const res = await studio['queue.addJobs']({ jobs: Array.from({ length: 1000 }, (_, i) => ({ topic: `Topic ${i}` })) });
    expect(res.jobsAdded).toBe(1000);
    vi.advanceTimersByTime(250);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toHaveLength(1000);
    expect(messages[0]?.filter((j) => j.status === 'running')).toHaveLength(runner.inFlight());
    vi.useRealTimers();
    await studio.close();
  });

  it('pushes cache stats and perf about every second while something renders, then stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { studio, runner } = await setup();
    let perf = 0;
    let cache = 0;
    studio.on('perf', () => perf++);
    studio.on('cache', () => cache++);
    vi.advanceTimersByTime(3000);
    expect(perf).toBe(0); // idle: nothing to report
    await studio['queue.addJobs']({ jobs: [{ topic: 'a' }] });
    vi.advanceTimersByTime(3000);
    expect([perf, cache]).toEqual([3, 3]);
    runner.calls[0]?.succeed();
    await settle();
    vi.advanceTimersByTime(5000);
    expect(perf).toBe(4); // one last tick notices the queue is idle and stops
    vi.useRealTimers();
    await studio.close();
  });

  it('the bus sends batches separately and flushes what it holds', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const bus = new EventBus(200);
    const got: BatchView[][] = [];
    bus.on('batches', (p) => got.push(p.batches));
    const view = (id: string, done: number) => ({ id, counts: { done } }) as unknown as BatchView;
    bus.batchChanged(view('b1', 1));
    bus.batchChanged(view('b1', 2));
    bus.batchChanged(view('b2', 0));
    expect(got).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(got).toHaveLength(1);
    expect(got[0]?.map((b) => [b.id, b.counts.done])).toEqual([['b1', 2], ['b2', 0]]);
    bus.batchChanged(view('b1', 3));
    vi.advanceTimersByTime(100);
    expect(got).toHaveLength(1); // within 200 ms of the last flush
    vi.advanceTimersByTime(100);
    expect(got).toHaveLength(2);
  });
});

describe('Studio start-up after a crash', () => {
  it('tells the first notice subscriber how many videos were interrupted', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-studio-crash-'));
    const { db } = tempDb();
    db.prepare("INSERT INTO batches (id, status, concurrency, out_dir, created_at, updated_at) VALUES ('b1', 'running', 2, '/o', 1, 1)").run();
    db.prepare("INSERT INTO jobs (id, batch_id, seq, title, spec, status, created_at, updated_at) VALUES ('j1', 'b1', 0, 'Cats', '{}', 'running', 1, 1)").run();
    const studio = new Studio({ engine: fakeEngine(), dataDir, host: 'web', db, runJob: heldRunner().runJob, fileUrl: () => null, secrets: { get: () => null, set: () => {} } });
    const notices: string[] = [];
    studio.on('notice', (n) => notices.push(n.message));
    await settle();
    expect(notices).toEqual(['1 video(s) were interrupted when Reelforge last closed: resume the batch to finish them.']);
    expect((await studio['queue.list']()).jobs[0]?.status).toBe('interrupted');
    await studio['batch.resume']({ batchId: 'b1' });
    expect((await studio['queue.list']()).jobs[0]?.status).toBe('running');
    await studio.close();
  });
});

describe('PathGuard', () => {
  it('allows the data folder and granted files and folders by where they really are; a refusal never says whether a path exists', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'reelforge-guard-'));
    const data = path.join(root, 'data');
    const outside = path.join(root, 'outside');
    await mkdir(path.join(data, 'uploads'), { recursive: true });
    await mkdir(path.join(outside, 'clips'), { recursive: true });
    for (const f of ['secret.mp4', 'clips/a.mp4', 'clip.mp4']) await writeFile(path.join(outside, f), 'x');
    await symlink(path.join(outside, 'secret.mp4'), path.join(data, 'link.mp4'));
    await symlink(outside, path.join(data, 'linked-folder'));
    const g = new PathGuard([data], 'drop it on the queue');

    expect(await g.check(path.join(data, 'uploads', 'not-yet.mp4'), 'background')).toBe(path.join(await realpath(data), 'uploads', 'not-yet.mp4'));
    await expect(g.check(path.join(data, '..', 'outside', 'secret.mp4'), 'background')).rejects.toThrow('secret.mp4 was not added in Reelforge: drop it on the queue.');
    // Links inside the data folder that lead out are outside.
    await expect(g.check(path.join(data, 'link.mp4'), 'background')).rejects.toThrow(/link\.mp4 was not added/);
    await expect(g.check(path.join(data, 'linked-folder', 'secret.mp4'), 'music')).rejects.toThrow(/secret\.mp4 was not added/);
    // Missing and existing outside paths get the same answer.
    const missing = await g.check(path.join(outside, 'nope.mp4'), 'background').catch((e: Error) => e.message.replace('nope', 'X'));
    const present = await g.check(path.join(outside, 'clip.mp4'), 'background').catch((e: Error) => e.message.replace('clip', 'X'));
    expect(missing).toBe(present);

    g.grant(path.join(outside, 'clip.mp4'));
    g.grant(path.join(outside, 'clips'));
    expect(await g.check(path.join(outside, 'clip.mp4'), 'background')).toBe(path.join(await realpath(outside), 'clip.mp4'));
    expect(await g.check(path.join(outside, 'clips', 'a.mp4'), 'background')).toBe(path.join(await realpath(outside), 'clips', 'a.mp4'));
    await expect(g.check(path.join(outside, 'secret.mp4'), 'background')).rejects.toThrow(/not added/);
    expect(await g.check('builtin:aurora', 'background')).toBe('builtin:aurora');
  });
});
