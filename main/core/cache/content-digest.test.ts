import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileIdentity } from '../pipeline/stages/background.js';
import { contentDigest } from './content-digest.js';
import { CacheStore } from './store.js';
import { makeTempDir } from './test-support.js';

let dir: string;
let cache: CacheStore;

beforeAll(() => {
  dir = makeTempDir('digest');
  cache = CacheStore.open(path.join(dir, 'cache'));
});

afterAll(() => {
  cache.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a file\'s identity by content', () => {
  it('is the SHA-256 of every byte: the same clip anywhere, another clip elsewhere', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    bytes[299_999] = 1; // a change past any head/tail window still changes the identity
    const a = path.join(dir, 'a', 'clip.mp4');
    const b = path.join(dir, 'b', 'Copy of clip.MP4');
    fs.mkdirSync(path.dirname(a));
    fs.mkdirSync(path.dirname(b));
    fs.writeFileSync(a, bytes);
    fs.writeFileSync(b, bytes);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await contentDigest(cache, a)).toMatchObject({ sha256: expected, size: 300_000, ext: '.mp4' });
    expect(await fileIdentity(b, cache)).toBe(`sha256:${expected}`);
    const other = Buffer.from(bytes);
    other[150_000] = 9;
    fs.writeFileSync(b, other);
    expect(await fileIdentity(b, cache)).not.toBe(`sha256:${expected}`);
  });

  it('is read once per version of the file: an unchanged file is answered from the cache', async () => {
    const f = path.join(dir, 'music.m4a');
    fs.writeFileSync(f, 'first version of the track');
    const first = await contentDigest(cache, f);
    const entries = cache.stats().byType.digest?.entries ?? 0;
    expect(entries).toBeGreaterThan(0);
    // Same size and mtime, other bytes: the remembered digest answers (what make and rsync assume too).
    const st = fs.statSync(f);
    fs.writeFileSync(f, 'FIRST version of the track');
    fs.utimesSync(f, st.atime, st.mtime);
    expect((await contentDigest(cache, f)).sha256).toBe(first.sha256);
    // A new mtime is a new version: read again.
    fs.utimesSync(f, st.atime, new Date(st.mtimeMs + 5000));
    expect((await contentDigest(cache, f)).sha256).toBe(createHash('sha256').update('FIRST version of the track').digest('hex'));
  });
});
