import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { copyOut } from './export.js';
import { CacheStore } from './store.js';
import { makeTempDir, testKey } from './test-support.js';
import type { FileHit } from './types.js';

let dir: string;
let out: string;
let store: CacheStore;
let hit: FileHit;

beforeEach(() => {
  dir = makeTempDir('export');
  out = makeTempDir('export-out');
  store = CacheStore.open(dir);
  const tmp = store.tmpPath('.mp4');
  fs.writeFileSync(tmp, Buffer.from('the finished video'));
  store.putFile(testKey('v'), 'compile', tmp, { computeMs: 1 });
  hit = store.getFile(testKey('v')) as FileHit;
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

describe('copyOut', () => {
  it('gives the user an independent copy, never a hard link', async () => {
    const dest = path.join(out, 'video.mp4');
    await copyOut(hit, dest);
    const a = fs.statSync(hit.path);
    const b = fs.statSync(dest);
    expect(b.nlink).toBe(1);
    expect(a.nlink).toBe(1);
    expect(b.ino).not.toBe(a.ino);
    expect(fs.readFileSync(dest)).toEqual(fs.readFileSync(hit.path));
    // Editing the export leaves the cache entry intact.
    fs.appendFileSync(dest, 'edited');
    expect(store.getFile(testKey('v'))).not.toBeNull();
    expect(fs.readdirSync(out)).toEqual(['video.mp4']); // no temp left beside it
  });

  it('replaces an existing file whole', async () => {
    const dest = path.join(out, 'video.mp4');
    fs.writeFileSync(dest, 'old export');
    await copyOut(hit, dest);
    expect(fs.readFileSync(dest, 'utf8')).toBe('the finished video');
  });

  it('fails with a UserError and leaves nothing behind when the source is gone or the folder is missing', async () => {
    await expect(copyOut(hit, path.join(out, 'missing-folder', 'v.mp4'))).rejects.toThrow(/does not exist/);
    fs.rmSync(hit.path);
    await expect(copyOut(hit, path.join(out, 'v.mp4'))).rejects.toBeInstanceOf(UserError);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
