import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../core/pipeline/types.js';
import type { ShotPlan } from '../core/shots/types.js';
import { hexColour, makeClip, meanColourAt, nearestColour, tempDir } from '../testing/media-fixtures.js';
import { StockTestServer } from '../testing/stock-server.js';
import { runCli } from './cli-harness.js';

// One library, three renders and a stock pair at 180×320 draft: the shots feature end to end through the real CLI.
const SMALL = ['--size', '180x320', '--draft'];
const SCRIPT = 'A dog runs through the park. Ocean waves crash on the sandy shore. The city lights glow at night.';
const COLOURS = { dog: [200, 40, 40], ocean: [40, 60, 210], city: [40, 190, 70] } as const;

let dir: string;
let dataDir: string;
let footage: string;
let scriptFile: string;
let firstPlan: string;

async function manifest(out: string): Promise<RenderManifest> {
  const name = (await readdir(out)).find((x) => x.endsWith('.json') && !x.endsWith('.shots.json'));
  return JSON.parse(await readFile(path.join(out, name ?? ''), 'utf8')) as RenderManifest;
}

beforeAll(async () => {
  dir = await tempDir('reelforge-shots-');
  dataDir = path.join(dir, 'data');
  footage = path.join(dir, 'footage');
  await mkdir(footage);
  // Named for the sentences' subjects, each a different colour, long enough to hold any sentence.
  for (const [name, rgb] of Object.entries(COLOURS)) await makeClip(path.join(footage, `${name}.mp4`), { width: 320, height: 180, seconds: 8, look: hexColour(rgb) });
  scriptFile = path.join(dir, 'script.txt');
  await writeFile(scriptFile, SCRIPT);
  const add = await runCli(['footage', 'add', footage, '--data-dir', dataDir]);
  expect(add.code, add.stderr).toBe(0);
  expect(add.stdout).toMatch(/indexed 3 new/);
});

describe('render with shots from the footage library', () => {
  it('shows each sentence over its own clip, and writes the plan', async () => {
    const out = path.join(dir, 'out-library');
    const r = await runCli(['render', '--script-file', scriptFile, ...SMALL, '--out', out, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/shots: 3 \(3 library, 0 stock, 0 built-in\)/);
    const m = await manifest(out);
    const shots = m.shots?.shots ?? [];
    expect(shots.map((s) => path.basename(s.path ?? ''))).toEqual(['dog.mp4', 'ocean.mp4', 'city.mp4']);
    expect(shots.map((s) => s.sentences)).toEqual([[0], [1], [2]]);
    // Each sentence's middle, on the finished video, is its clip's colour.
    for (const s of shots) expect(nearestColour(await meanColourAt(m.outputs.mp4, s.startSec + s.durationSec / 2), COLOURS)).toBe(path.basename(s.path ?? '', '.mp4'));
    expect(m.outputs.shots).toBeDefined();
    firstPlan = m.outputs.shots ?? '';
    const plan = JSON.parse(await readFile(firstPlan, 'utf8')) as ShotPlan;
    expect(plan.shots).toHaveLength(3);
    expect(plan.request?.script).toBe(SCRIPT);
    expect(m.stages.find((s) => s.stage === 'shots')?.status).toBe('done');
  });

  it('renders an edited plan as written, recomputing only the compile', async () => {
    const plan = JSON.parse(await readFile(firstPlan, 'utf8')) as ShotPlan;
    const first = plan.shots[0];
    if (!first) throw new Error('no shot');
    first.path = path.join(footage, 'city.mp4');
    first.inSec = 1;
    const edited = path.join(dir, 'edited.shots.json');
    await writeFile(edited, JSON.stringify(plan));
    const out = path.join(dir, 'out-edited');
    const r = await runCli(['render', '--shots', edited, ...SMALL, '--out', out, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const m = await manifest(out);
    const status = Object.fromEntries(m.stages.map((s) => [s.stage, s.status]));
    expect(status).toMatchObject({ script: 'cached', voice: 'cached', captions: 'cached', shots: 'done', compile: 'done' });
    expect(nearestColour(await meanColourAt(m.outputs.mp4, first.startSec + first.durationSec / 2), COLOURS)).toBe('city');
    // A plan naming a file that is not there is refused with the shot and the file.
    first.path = path.join(footage, 'gone.mp4');
    await writeFile(edited, JSON.stringify(plan));
    const bad = await runCli(['render', '--shots', edited, ...SMALL, '--out', out, '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/shot 1 shows .*gone\.mp4, which does not exist/);
  });

  it('re-plans a shot whose clip was deleted after indexing, and says why', async () => {
    await rm(path.join(footage, 'ocean.mp4'));
    const out = path.join(dir, 'out-deleted');
    const r = await runCli(['render', '--script-file', scriptFile, ...SMALL, '--out', out, '--data-dir', dataDir, '--transition', 'fade']);
    expect(r.code, r.stderr).toBe(0);
    const m = await manifest(out);
    expect(m.shots?.shots.map((s) => path.basename(s.path ?? s.builtin ?? ''))).not.toContain('ocean.mp4');
    expect(m.warnings.join(' ')).toMatch(/ocean\.mp4 was moved or deleted since it was indexed/);
    expect(m.shots?.transition).toBe('fade');
  });
});

describe('render with stock footage', () => {
  let server: StockTestServer;
  let close: () => Promise<void>;
  const saved = { ...process.env };

  beforeAll(async () => {
    const clips = path.join(dir, 'stock');
    await mkdir(clips);
    const make = (name: string, rgb: readonly number[]) => makeClip(path.join(clips, name), { width: 720, height: 1280, seconds: 4, look: hexColour(rgb) });
    server = new StockTestServer([
      { id: 11, tags: ['dog', 'park'], author: 'Jane Doe', durationSec: 4, files: [{ file: await make('s-dog.mp4', COLOURS.dog), width: 720, height: 1280 }] },
      { id: 22, tags: ['ocean', 'waves', 'shore'], author: 'Sam Lee', durationSec: 4, files: [{ file: await make('s-ocean.mp4', COLOURS.ocean), width: 720, height: 1280 }] },
      { id: 33, tags: ['city', 'lights', 'night'], author: 'Ana Ruiz', durationSec: 4, files: [{ file: await make('s-city.mp4', COLOURS.city), width: 720, height: 1280 }] },
    ], { pexels: 'pk-test', pixabay: 'px-test' });
    const started = await server.start();
    close = started.close;
    Object.assign(process.env, { PEXELS_API_KEY: 'pk-test', PEXELS_BASE_URL: started.url, PIXABAY_BASE_URL: started.url });
  });

  afterAll(async () => {
    for (const k of ['PEXELS_API_KEY', 'PEXELS_BASE_URL', 'PIXABAY_BASE_URL']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await close();
  });

  it('searches, downloads each file once, credits the authors; a second render downloads nothing', async () => {
    const out = path.join(dir, 'out-stock');
    const r = await runCli(['render', '--script-file', scriptFile, '--visuals', 'stock', ...SMALL, '--out', out, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const m = await manifest(out);
    expect(m.shots?.shots.map((s) => s.candidateId)).toEqual(['stock:pexels:11', 'stock:pexels:22', 'stock:pexels:33']);
    for (const s of m.shots?.shots ?? []) expect(nearestColour(await meanColourAt(m.outputs.mp4, s.startSec + s.durationSec / 2), COLOURS)).toBe(['dog', 'ocean', 'city'][s.sentences[0] ?? 0]);
    expect(server.count('file')).toBe(3);
    expect(m.credits?.map((c) => c.author)).toEqual(['Jane Doe', 'Sam Lee', 'Ana Ruiz']);
    const credits = await readFile(m.outputs.credits ?? '', 'utf8');
    expect(credits).toContain('Video by Jane Doe on Pexels: https://www.pexels.com/video/dog-park-11/');
    // The key is nowhere in what the render wrote.
    for (const f of [m.outputs.json, m.outputs.shots ?? '', m.outputs.credits ?? '']) expect(await readFile(f, 'utf8')).not.toContain('pk-test');

    // Another video needing the same footage: searches and files come from the cache.
    const other = path.join(dir, 'script2.txt');
    await writeFile(other, 'Ocean waves crash on the sandy shore. A dog runs through the park.');
    const files = server.count('file');
    const searches = server.count('pexels');
    const again = await runCli(['render', '--script-file', other, '--visuals', 'stock', ...SMALL, '--out', out, '--data-dir', dataDir]);
    expect(again.code, again.stderr).toBe(0);
    expect(server.count('file')).toBe(files);
    expect(server.count('pexels')).toBe(searches);
    expect(existsSync(path.join(out, 'ocean-waves-crash-on-the-sandy-shore.credits.txt'))).toBe(true);

    // The plan still renders after the cache let its stock files go: they are fetched again.
    expect((await runCli(['cache', 'clear', '--data-dir', dataDir])).code).toBe(0);
    const before = server.count('file');
    const replay = await runCli(['render', '--shots', m.outputs.shots ?? '', ...SMALL, '--out', path.join(dir, 'out-replay'), '--data-dir', dataDir]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(server.count('file')).toBe(before + 3);
  });

  it('a stock download cut off half-way falls back to the next candidate, and the manifest says why', async () => {
    server.failNext('file', { cutOff: true });
    const out = path.join(dir, 'out-cut');
    const r = await runCli(['render', '--script-file', scriptFile, '--visuals', 'stock,builtin', '--no-cache', ...SMALL, '--out', out, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const m = await manifest(out);
    expect(m.warnings.join(' ')).toMatch(/Shot 1: Pexels · Jane Doe could not be used \(.*cut off.*\): the next candidate was used/);
    expect(m.shots?.shots[0]?.kind).toBe('builtin');
    expect(m.shots?.shots.slice(1).map((s) => s.candidateId)).toEqual(['stock:pexels:22', 'stock:pexels:33']);
  });
});
