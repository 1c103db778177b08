import { existsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { makeClip, tempDir } from '../../testing/media-fixtures.js';
import type { JobSpec, RenderManifest, StageName } from './types.js';

// Every stage behind the cache (issue 3): what a change recomputes, and what it reuses.
let dir: string;
let engine: Engine;
let clip: string;

const SMALL = { size: { width: 180, height: 320 }, quality: 'draft' as const };

async function render(spec: JobSpec, extra: { noCache?: boolean } = {}): Promise<RenderManifest> {
  const req = await engine.resolve({ duration: 6, ...spec }, { ...SMALL, ...(extra.noCache ? { noCache: true } : {}) });
  return (await engine.render(req, path.join(dir, 'out'))).manifest;
}

function status(m: RenderManifest, stage: StageName): string | undefined {
  return m.stages.find((s) => s.stage === stage)?.status;
}

beforeAll(async () => {
  dir = await tempDir('reelforge-cache-render-');
  engine = await Engine.open({ dataDir: path.join(dir, 'data'), workers: 2 });
  clip = await makeClip(path.join(dir, 'clip.mp4'), { width: 320, height: 180, seconds: 3 });
});

afterAll(async () => {
  await engine.close();
});

describe('rendering through the cache', () => {
  it('a repeated request is one lookup: every stage reported cached, the same bytes out', async () => {
    const first = await render({ topic: 'Why cats purr', background: clip });
    expect(first.cache.videoHit).toBe(false);
    expect(first.cache.hits).toBe(0);
    const size = statSync(first.outputs.mp4).size;
    const again = await render({ topic: 'Why cats purr', background: clip });
    expect(again.cache.videoHit).toBe(true);
    expect(again.stages.every((s) => s.status === 'cached')).toBe(true);
    expect(again.cache.savedMs).toBeGreaterThan(0);
    expect(statSync(again.outputs.mp4).size).toBe(size);
  });

  it('a new voice reuses the script and the background, and recomputes voice, captions and compile', async () => {
    const m = await render({ topic: 'Why cats purr', background: clip, voice: 'system:en-gb' });
    expect(m.cache.videoHit).toBe(false);
    expect(status(m, 'script')).toBe('cached');
    expect(status(m, 'background')).toBe('cached');
    expect(status(m, 'voice')).toBe('done');
    expect(status(m, 'captions')).toBe('done');
    expect(status(m, 'compile')).toBe('done');
  });

  it('a new caption style reuses the voice', async () => {
    const m = await render({ topic: 'Why cats purr', background: clip, captionStyle: 'pop' });
    expect(status(m, 'voice')).toBe('cached');
    expect(status(m, 'captions')).toBe('done');
    expect(status(m, 'compile')).toBe('done');
  });

  it('a new topic on the same clip reuses the background', async () => {
    const m = await render({ topic: 'How bees dance', background: clip });
    expect(status(m, 'background')).toBe('cached');
    expect(status(m, 'script')).toBe('done');
  });

  it('--no-cache recomputes every stage and refreshes the entries', async () => {
    const m = await render({ topic: 'Why cats purr', background: clip }, { noCache: true });
    expect(m.cache.videoHit).toBe(false);
    expect(m.stages.filter((s) => s.status === 'cached')).toEqual([]);
  });

  it('a truncated, zero-filled or deleted blob is never served: the stage recomputes and the render succeeds', async () => {
    const base = await render({ topic: 'Damaged blobs', background: clip });
    const voiceKey = base.stages.find((s) => s.stage === 'voice')?.key ?? '';
    const compileKey = base.stages.find((s) => s.stage === 'compile')?.key ?? '';
    const voice = engine.cache.getFile(voiceKey);
    const video = engine.cache.getFile(compileKey);
    expect(voice && video).toBeTruthy();
    truncateSync(video!.path, Math.floor(video!.size / 2)); // truncated compile output
    writeFileSync(voice!.path, Buffer.alloc(voice!.size)); // zero-filled: same size, so a stat alone can't tell
    const m = await render({ topic: 'Damaged blobs', background: clip });
    expect(m.cache.videoHit).toBe(false);
    expect(status(m, 'voice')).toBe('done');
    expect(status(m, 'compile')).toBe('done');
    expect(existsSync(m.outputs.mp4)).toBe(true);
    expect(statSync(m.outputs.mp4).size).toBeGreaterThan(1000);
  });

  it('the user copy is never a hard link into the cache', async () => {
    const m = await render({ topic: 'Why cats purr', background: clip });
    const video = engine.cache.getFile(m.stages.find((s) => s.stage === 'compile')?.key ?? '');
    expect(video).not.toBeNull();
    const out = statSync(m.outputs.mp4);
    expect(out.nlink).toBe(1);
    expect(out.ino).not.toBe(statSync(video!.path).ino);
  });
});
