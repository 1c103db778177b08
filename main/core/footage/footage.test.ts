import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDb } from '../batch/app-db.js';
import { cacheDigestMemo, contentDigest } from '../cache/content-digest.js';
import { CacheStore } from '../cache/store.js';
import type { Db } from '../db.js';
import { childProcessSpawner, mediaWorkerEntry } from '../pool/child-spawner.js';
import { WorkerPool } from '../pool/worker-pool.js';
import { makeClip, makeGarbage, makeTruncated, tempDir } from '../../testing/media-fixtures.js';
import { execFileSync } from 'node:child_process';
import { FootageLibrary } from './library.js';
import { FootageRepository } from './repository.js';
import { scanSource } from './scan.js';
import { keyframesOnly, sceneDetectArgs, scenesFromCuts } from './scenes.js';

let dir: string;
let footage: string;
let db: Db;
let pool: WorkerPool;
let lib: FootageLibrary;
let jobs = 0;

/** Two differently coloured halves: one scene cut at 1.5 s. */
function twoScenes(file: string): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x2050c0:s=160x90:r=25:d=1.5', '-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=25:d=1.5',
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
}

beforeAll(async () => {
  dir = await tempDir('reelforge-footage-');
  footage = path.join(dir, 'My Footage');
  await mkdir(path.join(footage, 'pets'), { recursive: true });
  twoScenes(path.join(footage, 'pets', 'dog-park.mp4'));
  await makeClip(path.join(footage, 'IMG_2034.mp4'), { width: 160, height: 90, seconds: 2, look: '0x208040' });
  await writeFile(path.join(footage, 'IMG_2034.mp4.txt'), 'Waves rolling onto a sandy beach at sunset');
  // A phone clip: landscape pixels with a 90° display rotation (ffmpeg writes the flag on a stream copy).
  await makeClip(path.join(dir, 'landscape.mp4'), { width: 160, height: 90, seconds: 2 });
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', path.join(dir, 'landscape.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path.join(footage, 'phone.mp4')]);
  // A still in an odd colour space: 16-bit grey PNG.
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=200x300:d=1', '-frames:v', '1', '-pix_fmt', 'gray16be', path.join(footage, 'mountain.png')]);
  await makeGarbage(path.join(footage, 'garbage.mp4'));
  // Stops decoding half-way: the container says 4 s, the bytes end near 2 s.
  const whole = await makeClip(path.join(dir, 'whole.mkv'), { width: 160, height: 90, seconds: 4 });
  await makeTruncated(whole, path.join(footage, 'cut-short.mkv'));
  await writeFile(path.join(footage, 'notes.txt'), 'not footage');
  await writeFile(path.join(footage, '.hidden.mp4'), 'hidden');

  db = openAppDb(path.join(dir, 'data'));
  pool = new WorkerPool({ size: 2, spawner: childProcessSpawner, entry: mediaWorkerEntry() });
  const counting = { run: ((job, opts) => { jobs++; return pool.run(job, opts); }) as WorkerPool['run'] };
  lib = new FootageLibrary({ db, pool: counting, dataDir: path.join(dir, 'data'), concurrency: 2, threads: 1 });
});

afterAll(async () => {
  await pool.close();
  db.close();
});

describe('the footage library', () => {
  it('indexes a folder on the worker pool: identity, probe, scenes, thumbnails, tags; broken files say why', async () => {
    const events: string[] = [];
    const off = lib.onProgress((p) => events.push(p.phase));
    const r = await lib.add([footage]);
    off();
    expect(r.added).toEqual([footage]);
    expect(r.found.added).toBe(6); // hidden files and notes.txt are not pictures
    expect(r.summary.indexed + r.summary.broken.length).toBe(6);
    expect(events).toContain('indexing');
    expect(events.at(-1)).toBe('done');

    const items = new Map(lib.items().map((i) => [path.basename(i.path), i]));
    const dog = items.get('dog-park.mp4');
    // One cut, on the first frame of the second half (25 fps: 1.52 s).
    expect(dog?.media.scenes).toHaveLength(2);
    expect(dog?.media.scenes[1]?.startSec).toBeCloseTo(1.5, 1);
    expect(dog?.media.scenes[1]?.endSec).toBeCloseTo(3, 1);
    expect(dog?.media.scenes.every((s) => existsSync(s.thumb))).toBe(true);
    expect(dog?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(dog?.tags.map((t) => t.word).sort()).toEqual(['dog', 'park', 'pets'].sort());
    expect(items.get('phone.mp4')?.media).toMatchObject({ width: 90, height: 160 });
    expect((items.get('phone.mp4')?.media.rotation ?? 0) % 180).toBe(90);
    expect(items.get('mountain.png')?.media).toMatchObject({ kind: 'still', width: 200, height: 300, durationSec: 0 });
    expect(items.get('IMG_2034.mp4')?.tags.map((t) => t.word)).toEqual(expect.arrayContaining(['waves', 'beach', 'sunset']));

    const broken = new Map(lib.unready().map((f) => [path.basename(f.path), f]));
    expect(broken.get('garbage.mp4')).toMatchObject({ status: 'broken' });
    expect(broken.get('garbage.mp4')?.error).toMatch(/garbage\.mp4/);
    // Decodes half-way: kept, usable up to where it stops, with a note; or refused with the reason.
    const cut = items.get('cut-short.mkv');
    if (cut) {
      expect(cut.media.durationSec).toBeLessThan(3.6);
      expect(cut.media.note).toMatch(/decodes only to/);
    } else {
      expect(broken.get('cut-short.mkv')?.error).toMatch(/cut-short\.mkv/);
    }
  });

  it('is incremental: an unchanged folder costs no job, a moved file keeps its analysis, a broken one is not retried', async () => {
    jobs = 0;
    const again = await lib.refresh();
    expect(again.summary).toMatchObject({ indexed: 0, reused: 0, broken: [] });
    expect(jobs).toBe(0);

    await rename(path.join(footage, 'pets', 'dog-park.mp4'), path.join(footage, 'puppy-playtime.mp4'));
    jobs = 0;
    const moved = await lib.refresh();
    expect(moved.found).toMatchObject({ added: 1, removed: 1 });
    expect(moved.summary).toMatchObject({ indexed: 0, reused: 1 });
    expect(jobs).toBe(1); // the hash; no second analysis
    const item = lib.items().find((i) => i.path.endsWith('puppy-playtime.mp4'));
    expect(item?.media.scenes).toHaveLength(2);
  });

  it('resumes after a crash and gives up on a file that keeps crashing', async () => {
    const clip = await makeClip(path.join(footage, 'ocean.mp4'), { width: 160, height: 90, seconds: 1, look: '0x1040a0' });
    await lib.indexer.scan([footage]);
    // As if the app died while this file was being read, three times over.
    for (let i = 0; i < 3; i++) lib.repo.markAttempt(clip);
    const r = await lib.resume();
    expect(r.broken.map((b) => b.path)).toEqual([clip]);
    expect(lib.repo.file(clip)?.error).toMatch(/stopped 3 times/);
  });

  it('finds "puppy" in a clip named for a dog, and words from a sidecar', async () => {
    const search = await lib.search();
    const best = search.match('a puppy')[0];
    expect(path.basename(best?.item.path ?? '')).toBe('puppy-playtime.mp4');
    const beach = search.match('the ocean shore at dusk')[0];
    expect(path.basename(beach?.item.path ?? '')).toBe('IMG_2034.mp4');
    expect(search.match('a spreadsheet of taxes')).toEqual([]);
  });

  it('removes a folder with its thumbnails', async () => {
    const thumbs = lib.items().flatMap((i) => i.media.scenes.map((s) => s.thumb));
    await lib.remove(footage);
    expect(lib.items()).toEqual([]);
    expect(thumbs.some((t) => existsSync(t))).toBe(false);
    await expect(lib.remove(footage)).rejects.toThrow(/not in the footage library/);
  });
});

describe('one content digest for the library and everything else', () => {
  it('a file hashed for a render is not read again to index it, and one hashed to index it is not read again for a render', async () => {
    const folder = path.join(dir, 'shared');
    await mkdir(folder);
    const early = await makeClip(path.join(folder, 'early.mp4'), { width: 160, height: 90, seconds: 1, look: '0x208040' });
    const later = await makeClip(path.join(folder, 'later.mp4'), { width: 160, height: 90, seconds: 1, look: '0x802020' });
    const laterSha = createHash('sha256').update(readFileSync(later)).digest('hex');
    const cache = CacheStore.open(path.join(dir, 'shared-cache'));
    const appDb = openAppDb(path.join(dir, 'shared-data'));
    const ops: string[] = [];
    const counting = { run: ((job, opts) => {
      if (job.kind === 'footage') ops.push(job.footage.op);
      return pool.run(job, opts);
    }) as WorkerPool['run'] };
    const shared = new FootageLibrary({ db: appDb, pool: counting, dataDir: path.join(dir, 'shared-data'), concurrency: 2, threads: 1, digests: cacheDigestMemo(cache) });
    try {
      // Used as a background (or taken in by a farm controller) before it was in the library.
      const first = await contentDigest(cache, early);
      await shared.add([folder]);
      expect(ops.filter((o) => o === 'hash')).toHaveLength(1); // later.mp4 only
      expect(ops.filter((o) => o === 'analyze')).toHaveLength(2);
      const items = new Map(shared.items().map((i) => [path.basename(i.path), i]));
      expect(items.get('early.mp4')?.sha256).toBe(first.sha256);
      expect(items.get('later.mp4')?.sha256).toBe(laterSha);
      // The indexer's digest answers a render without reading the file: shown by changing its
      // bytes behind the same size, mtime and inode (what make and rsync assume too).
      const st = statSync(later);
      const bytes = readFileSync(later);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
      writeFileSync(later, bytes);
      utimesSync(later, st.atime, st.mtime);
      expect((await contentDigest(cache, later)).sha256).toBe(laterSha);
    } finally {
      cache.close();
      appDb.close();
    }
  });
});

describe('scene spans', () => {
  it('folds flashes into their neighbour and caps the count', () => {
    expect(scenesFromCuts([2, 2.2, 5], 8)).toEqual([{ startSec: 0, endSec: 2 }, { startSec: 2, endSec: 5 }, { startSec: 5, endSec: 8 }]);
    expect(scenesFromCuts([7.8], 8)).toEqual([{ startSec: 0, endSec: 8 }]);
    expect(scenesFromCuts([], 3)).toEqual([{ startSec: 0, endSec: 3 }]);
    expect(scenesFromCuts(Array.from({ length: 100 }, (_, i) => i + 1), 101)).toHaveLength(40);
  });
});

describe('big footage', () => {
  it('decodes only keyframes to find the scenes of a 10-minute 4K clip', () => {
    expect(keyframesOnly(600, 3840, 2160)).toBe(true);
    expect(keyframesOnly(30, 1920, 1080)).toBe(false);
    expect(sceneDetectArgs('file:/x.mp4', { keyframesOnly: true })).toEqual(expect.arrayContaining(['-skip_frame', 'nokey']));
    expect(sceneDetectArgs('file:/x.mp4', { keyframesOnly: false })).not.toContain('-skip_frame');
  });

  it('lists a folder of 5,000 files without opening them, and records them in one transaction', async () => {
    const big = await tempDir('reelforge-5000-');
    await Promise.all(Array.from({ length: 5000 }, (_, i) => writeFile(path.join(big, `clip-${i}.${i % 10 === 0 ? 'jpg' : 'mp4'}`), 'x')));
    await writeFile(path.join(big, 'readme.md'), 'not footage');
    const found = await scanSource(big);
    expect(found.files).toHaveLength(5000);
    expect(found.files.filter((f) => f.kind === 'still')).toHaveLength(500);
    const bigDb = openAppDb(path.join(big, 'data'));
    try {
      const repo = new FootageRepository(bigDb);
      repo.addFolder(big);
      expect(repo.applyScan(big, found.files)).toEqual({ added: 5000, changed: 0, removed: 0 });
      expect(repo.applyScan(big, found.files)).toEqual({ added: 0, changed: 0, removed: 0 });
      expect(repo.pending()).toHaveLength(5000);
    } finally {
      bigDb.close();
    }
  });
});
