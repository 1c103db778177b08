/**
 * The footage and shot-plan channels through the real Engine and Studio: add a folder (indexed
 * in the background, progress on the `footage` event), list and search it, plan a video as a
 * strip, swap one shot for an alternative, render the plan as it stands.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../contract.js';
import { Engine } from '../engine.js';
import { makeClip, tempDir } from '../../testing/media-fixtures.js';
import { Studio } from './studio.js';

let dir: string;
let footage: string;
let engine: Engine;
let studio: Studio;
const progress: EventPayloads['footage'][] = [];

beforeAll(async () => {
  dir = await tempDir('reelforge-shots-desk-');
  footage = path.join(dir, 'footage');
  await mkdir(footage);
  for (const [name, look] of [['dog', '0xc82828'], ['puppy-nap', '0xc8a028'], ['ocean', '0x283cd2']] as const) {
    await makeClip(path.join(footage, `${name}.mp4`), { width: 160, height: 90, seconds: 6, look });
  }
  const dataDir = path.join(dir, 'data');
  engine = await Engine.open({ dataDir, workers: 2, defaults: { size: { width: 180, height: 320 }, quality: 'draft' } });
  studio = new Studio({ engine, dataDir, host: 'web', fileUrl: (p) => `/files/${path.basename(p)}`, secrets: { get: () => null, set: () => undefined } });
  studio.on('footage', (p) => progress.push(p));
});

afterAll(async () => {
  await studio.close();
  await engine.close();
});

async function indexed(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const snap = await studio['footage.list']();
    if (snap.indexing === null && snap.problems.length === 0 && snap.items.length === 3) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('indexing did not finish');
}

describe('footage and shot plans in the Studio', () => {
  it('adds a folder, indexes it in the background with progress, lists and searches it', async () => {
    // A path a page names is refused until the host grants it (a drop, a dialog).
    expect((await studio['footage.add']({ paths: [footage] })).errors[0]?.message).toMatch(/was not added in Reelforge/);
    studio.grant([footage]);
    const r = await studio['footage.add']({ paths: [footage] });
    expect(r.added).toEqual([footage]);
    await indexed();
    expect(progress.some((p) => p.phase === 'indexing' && p.total === 3)).toBe(true);
    const snap = await studio['footage.list']();
    expect(snap.folders).toEqual([expect.objectContaining({ path: footage, ready: 3, broken: 0 })]);
    const dog = snap.items.find((i) => i.name === 'dog.mp4');
    expect(dog?.scenes[0]?.thumbnailUrl).toMatch(/^\/files\/.+\.jpg$/);
    expect(dog?.tags).toEqual(['dog']); // the folder's name "footage" says nothing about a clip
    const found = await studio['footage.search']({ text: 'a sleepy puppy' });
    expect(found.results[0]?.name).toBe('puppy-nap.mp4');
    // A path nobody chose cannot be planned with (the guard), but a chosen folder's files can.
    await expect(studio['shots.plan']({ spec: { script: 'x', background: '/etc/passwd' } })).rejects.toThrow(/was not added in Reelforge/);
  });

  it('plans a video as a strip, swaps a shot for an alternative, and renders the plan as it stands', async () => {
    const view = await studio['shots.plan']({ spec: { script: 'My dog loves the beach. The ocean is cold and blue today.', duration: 8 } });
    expect(view.shots.length).toBeGreaterThanOrEqual(2);
    expect(view.shots[0]?.chosen.label).toBe('dog.mp4');
    expect(view.shots[0]?.chosen.thumbnailUrl).toMatch(/\.jpg$/);
    const puppy = view.shots[0]?.alternatives.find((a) => a.label === 'puppy-nap.mp4');
    expect(puppy).toBeDefined();
    const swapped = await studio['shots.choose']({ planId: view.planId, index: 0, candidateId: puppy?.id ?? '' });
    expect(swapped.shots[0]?.chosen.label).toBe('puppy-nap.mp4');
    await expect(studio['shots.choose']({ planId: view.planId, index: 0, path: '/etc/hosts' })).rejects.toThrow(/was not added in Reelforge/);

    const { jobId, batchId } = await studio['shots.render']({ planId: view.planId });
    await studio['batch.start']({ batchId });
    for (let i = 0; i < 1200; i++) {
      const job = (await studio['queue.list']()).jobs.find((j) => j.id === jobId);
      if (job?.status === 'done' || job?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const item = (await studio['library.list']()).find((l) => l.jobId === jobId);
    expect(item?.manifest?.shots?.shots[0]?.path).toBe(path.join(footage, 'puppy-nap.mp4'));
    expect(item?.manifest?.stages.find((s) => s.stage === 'voice')?.status).toBe('cached');
  });
});
