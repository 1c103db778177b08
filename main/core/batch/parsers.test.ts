import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignBackgrounds, wordsOf } from './assign-backgrounds.js';
import { readBatchInput } from './input.js';
import { classifyFolderEntries } from './parse-folder.js';
import { parseJson } from './parse-json.js';
import { parseTxt } from './parse-txt.js';

describe('parseTxt', () => {
  it('one topic per line; blanks and # comments skipped; line numbers kept', () => {
    const r = parseTxt('\uFEFF# my list\r\nWhy cats purr\r\n\r\n  How bees dance  \n#skip\n' + 'x'.repeat(501), 'list.txt');
    expect(r.jobs).toEqual([
      { spec: { topic: 'Why cats purr' }, source: 'list.txt:line 2' },
      { spec: { topic: 'How bees dance' }, source: 'list.txt:line 4' },
    ]);
    expect(r.errors).toEqual([{ source: 'list.txt:line 6', message: 'topic is longer than 500 characters' }]);
  });
});

describe('parseJson', () => {
  it('reads an array of specs (and bare topic strings); a bad entry fails alone with its index', () => {
    const text = JSON.stringify([
      { topic: 'Cats', duration: 20, background: 'clips/a.mp4' },
      'Bees',
      { topic: 'Bad', duration: 'long' },
      { genre: 'x' },
      { topic: 'Typo', presett: 'shorts' },
    ]);
    const r = parseJson(text, 'jobs.json', '/base');
    expect(r.jobs).toEqual([
      { spec: { topic: 'Cats', duration: 20, background: '/base/clips/a.mp4' }, source: 'jobs.json[0]' },
      { spec: { topic: 'Bees' }, source: 'jobs.json[1]' },
    ]);
    expect(r.errors.map((e) => e.source)).toEqual(['jobs.json[2]', 'jobs.json[3]', 'jobs.json[4]']);
    expect(r.errors[0]?.message).toMatch(/^duration:/);
    expect(r.errors[1]?.message).toBe('no topic, script or voiceover');
    expect(r.errors[2]?.message).toMatch(/presett/);
  });

  it('reports broken JSON and a non-array as one error', () => {
    expect(parseJson('[{', 'a.json', '/').errors[0]?.message).toMatch(/not valid JSON/);
    expect(parseJson('{"topic":"x"}', 'a.json', '/').errors[0]?.message).toMatch(/expected an array/);
  });
});

describe('folders and mixed input', () => {
  it('classifies videos and job lists, skipping render manifests next to their videos', () => {
    const scan = classifyFolderEntries(['/f/b.MP4', '/f/topics.csv', '/f/out/why.mp4', '/f/out/why.json', '/f/jobs.json', '/f/notes.md']);
    expect(scan).toEqual({ videos: ['/f/b.MP4', '/f/out/why.mp4'], jobFiles: ['/f/jobs.json', '/f/topics.csv'] });
  });

  it('reads a folder and extra backgrounds into jobs, errors and a pool; unreadable paths are errors', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-input-'));
    await mkdir(path.join(dir, 'clips'));
    await writeFile(path.join(dir, 'clips', 'ocean-waves.mp4'), 'x');
    await writeFile(path.join(dir, 'clips', 'city-night.mov'), 'x');
    await writeFile(path.join(dir, 'topics.txt'), 'Why the ocean is salty\nMath tricks\n');
    await writeFile(path.join(dir, '.hidden.txt'), 'Secret\n');
    const extra = path.join(dir, 'extra.webm');
    await writeFile(extra, 'x');
    // A linked folder is followed; a link loop is stopped by the depth limit.
    const shared = await mkdtemp(path.join(os.tmpdir(), 'reelforge-shared-'));
    await writeFile(path.join(shared, 'forest-walk.mp4'), 'x');
    await symlink(shared, path.join(dir, 'shared'));
    await symlink(dir, path.join(dir, 'loop'));
    const r = await readBatchInput([dir, path.join(dir, 'missing.csv')], { backgrounds: [extra] });
    expect(r.backgrounds).toEqual([
      path.join(dir, 'clips', 'city-night.mov'), path.join(dir, 'clips', 'ocean-waves.mp4'), extra, path.join(dir, 'shared', 'forest-walk.mp4'),
    ]);
    expect(r.jobs.map((j) => [j.spec.topic, path.basename(j.spec.background ?? '')])).toEqual([
      ['Why the ocean is salty', 'ocean-waves.mp4'],
      ['Math tricks', 'city-night.mov'],
    ]);
    expect(r.errors).toEqual([{ source: path.join(dir, 'missing.csv'), message: 'does not exist' }]);
  });
});

describe('assignBackgrounds', () => {
  const pool = ['/c/ocean-waves.mp4', '/c/City_Lights_4K.mov', '/c/forest.mp4'];
  const job = (topic: string, background?: string) => ({ spec: { topic, ...(background ? { background } : {}) }, source: 's' });

  it('matches topic words to clip names, keeps explicit backgrounds, round-robins the rest', () => {
    const out = assignBackgrounds([
      job('Waves of the ocean'), job('Tax tips'), job('Life in big cities'), job('Own clip', '/mine.mp4'), job('Cooking'), job('Knitting'),
    ], pool);
    expect(out.map((j) => j.spec.background)).toEqual([
      '/c/ocean-waves.mp4', '/c/ocean-waves.mp4', '/c/City_Lights_4K.mov', '/mine.mp4', '/c/City_Lights_4K.mov', '/c/forest.mp4',
    ]);
  });

  it('spreads equal matches over the least-used clips and leaves jobs alone with an empty pool', () => {
    const out = assignBackgrounds([job('Ocean facts'), job('Ocean myths')], ['/a/ocean-1.mp4', '/a/ocean-2.mp4']);
    expect(out.map((j) => j.spec.background)).toEqual(['/a/ocean-1.mp4', '/a/ocean-2.mp4']);
    expect(assignBackgrounds([job('x')], [])[0]?.spec.background).toBeUndefined();
  });

  it('stems words and drops filler and resolution tags', () => {
    expect([...wordsOf('City_Lights_4K-final')]).toEqual(['city', 'light']);
    expect([...wordsOf('Why cities glow')]).toEqual(['city', 'glow']);
  });
});
