import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/media-fixtures.js';
import { listMusic } from './library.js';
import { moodScore, pickTrack } from './pick.js';

const t = (p: string) => ({ path: p, identity: '1:1' });

describe('pickTrack', () => {
  it('prefers the file whose name matches the mood, and the seed decides among equals', () => {
    const tracks = [t('/m/trap-beat.mp3'), t('/m/calm-piano.mp3'), t('/m/Calming Strings.m4a'), t('/m/upbeat_pop.mp3')];
    expect(pickTrack(tracks, { seed: 1, mood: ['calm, bright'] })?.path).toBe('/m/calm-piano.mp3');
    expect(moodScore('/m/Calming Strings.m4a', ['calm'])).toBe(0.5);
    const seeds = new Set(Array.from({ length: 20 }, (_, i) => pickTrack(tracks, { seed: i, mood: [] })?.path));
    expect(seeds.size).toBeGreaterThan(1);
    expect(pickTrack(tracks, { seed: 7, mood: [] })).toEqual(pickTrack([...tracks].reverse(), { seed: 7, mood: [] }));
    expect(pickTrack([], { seed: 1, mood: [] })).toBeNull();
  });
});

describe('listMusic', () => {
  it('lists the audio files of a folder, and says when there are none', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'b.mp3'), 'x');
    await writeFile(path.join(dir, 'a.M4A'), 'x');
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    await writeFile(path.join(dir, 'empty.mp3'), '');
    await mkdir(path.join(dir, 'sub.mp3'));
    expect((await listMusic(dir)).map((m) => path.basename(m.path))).toEqual(['a.M4A', 'b.mp3']);
    const empty = await tempDir();
    await expect(listMusic(empty)).rejects.toMatchObject({ kind: 'input', message: expect.stringMatching(/has no audio files/) as unknown });
    await expect(listMusic(path.join(empty, 'nope'))).rejects.toMatchObject({ kind: 'input', message: expect.stringMatching(/cannot be read \(ENOENT\)/) as unknown });
  });
});
