import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../batch/queue.js';
import { heldRunner, settle, tempDb, topics } from '../batch/test-helpers.js';
import type { RenderManifest } from '../pipeline/types.js';
import { VideoDeletions } from './video-deletions.js';

/** A queue with `n` finished jobs whose output files really exist in a temp folder. */
async function finished(n: number, opts: { sameFiles?: boolean } = {}) {
  const out = await mkdtemp(path.join(os.tmpdir(), 'reelforge-delete-'));
  const { db, file } = tempDb();
  const r = heldRunner();
  let now = 1_000_000;
  const q = new BatchQueue({ db, runJob: r.runJob, concurrency: n, now: () => now });
  q.createBatch(topics(n), { outDir: out });
  const files: string[][] = [];
  for (const [i, c] of r.calls.entries()) {
    const base = path.join(out, opts.sameFiles ? 'same' : `video-${i}`);
    const outputs = { mp4: `${base}.mp4`, thumbnail: `${base}.jpg`, srt: `${base}.srt`, json: `${base}.json` };
    await mkdir(out, { recursive: true });
    for (const f of Object.values(outputs)) await writeFile(f, 'x');
    files.push(Object.values(outputs));
    c.succeed({ mp4: outputs.mp4, thumbnail: outputs.thumbnail, manifest: { outputs, warnings: [] } as unknown as RenderManifest });
  }
  await settle();
  return { q, db, file, files, clock: { advance: (ms: number) => (now += ms), now: () => now } };
}

describe('VideoDeletions', () => {
  it('hides a deleted video at once, restores it within the window, and removes its files after', async () => {
    const { q, files, clock } = await finished(2);
    const removed: string[][] = [];
    q.onJobsRemoved((ids) => removed.push(ids));
    const d = new VideoDeletions({ queue: q, undoMs: 5000, now: clock.now });
    const [first, second] = q.jobs();
    expect(d.delete(first!.id)).toEqual({ jobId: first!.id, undoMs: 5000 });
    expect(removed).toEqual([[first!.id]]);
    expect(q.repo.library(10).map((l) => l.id)).toEqual([second!.id]);
    expect(q.jobs().map((j) => j.id)).toEqual([second!.id]);
    // Inside the window: nothing on disk is touched, and undo brings it back.
    clock.advance(4000);
    expect(await d.purgeDue()).toBe(0);
    expect(files[0]!.every((f) => existsSync(f))).toBe(true);
    d.restore(first!.id);
    expect(q.repo.library(10)).toHaveLength(2);

    d.delete(first!.id);
    clock.advance(5001);
    expect(await d.purgeDue()).toBe(1);
    expect(files[0]!.filter((f) => existsSync(f))).toEqual([]);
    expect(files[1]!.every((f) => existsSync(f))).toBe(true);
    expect(q.getJob(first!.id)).toBeNull();
    expect(() => d.restore(first!.id)).toThrow(/undo window has ended/);
    expect(q.batchView(second!.batchId)?.counts.done).toBe(1);
    await d.close();
  });

  it('a video made by two jobs (the same request twice) is one video: both go, and the files once', async () => {
    const { q, files, clock } = await finished(2, { sameFiles: true });
    const d = new VideoDeletions({ queue: q, undoMs: 1000, now: clock.now });
    d.delete(q.jobs()[0]!.id);
    expect(q.repo.library(10)).toEqual([]);
    clock.advance(1001);
    expect(await d.purgeDue()).toBe(2);
    expect(files[0]!.filter((f) => existsSync(f))).toEqual([]);
  });

  it('a quit inside the window honours the delete; only finished videos can be deleted', async () => {
    const { q, files, clock } = await finished(1);
    const d = new VideoDeletions({ queue: q, undoMs: 60_000, now: clock.now });
    const id = q.jobs()[0]!.id;
    d.delete(id);
    expect(() => d.delete(id)).toThrow(/already deleted/);
    await d.close();
    expect(files[0]!.filter((f) => existsSync(f))).toEqual([]);
    const q2 = new BatchQueue({ db: tempDb().db, runJob: heldRunner().runJob });
    q2.createBatch(topics(1), { outDir: '/tmp/x' });
    expect(() => new VideoDeletions({ queue: q2 }).delete(q2.jobs()[0]!.id)).toThrow(/Only finished videos/);
  });
});
