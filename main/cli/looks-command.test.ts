import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeLogo } from '../core/media/compile/overlays.js';
import type { RenderManifest } from '../core/pipeline/types.js';
import { tempDir } from '../testing/media-fixtures.js';
import { runCli } from './cli-harness.js';

let dir = '';
let data = '';
beforeAll(async () => {
  dir = await tempDir('rf-looks-cli-');
  data = path.join(dir, 'data');
  mkdirSync(path.join(dir, 'kit'));
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=100x50,format=rgba', '-frames:v', '1', path.join(dir, 'kit', 'logo.png')]);
  writeFileSync(path.join(dir, 'kit', 'green.json'), JSON.stringify({ version: 1, name: 'green', extends: 'bold', highlight: { colour: '#00FF00' } }));
  writeFileSync(path.join(dir, 'kit', 'bad.json'), JSON.stringify({ version: 1, name: 'bad', extends: 'bold', highlight: { mode: 'glow' } }));
  writeFileSync(path.join(dir, 'kit', 'font.json'), JSON.stringify({ version: 1, name: 'nofont', extends: 'bold', font: { family: 'No Such Font 42' } }));
  writeFileSync(path.join(dir, 'kit', 'acme.json'), JSON.stringify({
    version: 1, name: 'acme', captionStyle: 'green', hookTitle: true,
    logo: { path: 'logo.png', corner: 'top-left', sizePercent: 25, opacity: 1 }, endCard: { text: 'Follow', handle: '@acme' }, preset: 'reels',
  }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reelforge styles and brands', () => {
  it('adds a style file, lists and shows it; refuses a bad field or a missing font by name', async () => {
    const add = await runCli(['styles', 'add', path.join(dir, 'kit', 'green.json'), '--data-dir', data]);
    expect(add.code, add.stderr).toBe(0);
    const list = await runCli(['styles', 'list', '--data-dir', data]);
    expect(list.stdout).toMatch(/^green\s+caption\s+yours/m);
    expect(list.stdout).toMatch(/^one-word\s+caption\s+built-in/m);
    expect(list.stdout).toMatch(/^headline\s+title\s+built-in/m);
    const show = await runCli(['styles', 'show', 'green', '--json', '--data-dir', data]);
    expect(JSON.parse(show.stdout)).toMatchObject({ name: 'green', highlight: { colour: '#00FF00', mode: 'colour' } });
    const bad = await runCli(['styles', 'add', path.join(dir, 'kit', 'bad.json'), '--data-dir', data]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json: highlight\.mode/);
    const font = await runCli(['styles', 'add', path.join(dir, 'kit', 'font.json'), '--data-dir', data]);
    expect(font.stderr).toMatch(/"No Such Font 42" is neither bundled/);
    expect((await runCli(['styles', 'show', 'nofont', '--data-dir', data])).code).toBe(2);
  });

  it('adds a brand and renders with it: its style, title, logo, preset and a sync report in the manifest', async () => {
    const add = await runCli(['brands', 'add', path.join(dir, 'kit', 'acme.json'), '--data-dir', data]);
    expect(add.code, add.stderr).toBe(0);
    expect((await runCli(['brands', 'list', '--data-dir', data])).stdout).toMatch(/^acme\s+captions green · logo top-left · end card · reels/m);
    const script = path.join(dir, 'script.txt');
    writeFileSync(script, 'Cats purr at twenty five hertz. Nobody knows why.');
    const out = path.join(dir, 'out');
    const res = await runCli(['render', '--script-file', script, '--brand', 'acme', '--size', '180x320', '--draft', '--out', out, '--data-dir', data, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const done = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { outputs: { json: string; mp4: string } };
    const m = JSON.parse(readFileSync(done.outputs.json, 'utf8')) as RenderManifest;
    expect(m.brand).toBe('acme');
    expect(m.preset).toBe('reels');
    expect(m.captionSync).toMatchObject({ checkedAgainst: 'timings+audio' });
    expect(m.captionSync!.words).toBeGreaterThan(5);
    // The logo: red pixels in the top-left corner of the safe area.
    const box = placeLogo({ corner: 'top-left', sizePercent: 25 }, { width: 100, height: 50 }, 'reels', { width: 180, height: 320 });
    const rgb = execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', done.outputs.mp4, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    let red = 0;
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) {
        const i = (y * 180 + x) * 3;
        if (rgb[i]! > 170 && rgb[i + 1]! < 90 && rgb[i + 2]! < 90) red++;
      }
    }
    expect(red).toBeGreaterThan(box.width * box.height * 0.8);
    const unknown = await runCli(['render', '--script-file', script, '--brand', 'ghost', '--out', out, '--data-dir', data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown brand "ghost": use one of acme/);
  });
});
