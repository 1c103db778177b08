import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { LookLibrary, pngSize } from './library.js';
import { applyBrand, resolveLook } from './look.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'rf-looks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const kit = path.join(root, 'kit');
mkdirSync(path.join(kit, 'music'), { recursive: true });
execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=64x32,format=rgba', '-frames:v', '1', path.join(kit, 'logo.png')]);
writeFileSync(path.join(kit, 'music', 'b.mp3'), 'x');
writeFileSync(path.join(kit, 'music', 'a.m4a'), 'x');
writeFileSync(path.join(kit, 'music', 'notes.txt'), 'not audio');
writeFileSync(path.join(kit, 'fake.png'), 'GIF89a not a png');

const lib = new LookLibrary(path.join(root, 'data'));
const brand = {
  version: 1, name: 'acme', captionStyle: 'mine', titleStyle: 'banner',
  logo: { path: 'logo.png', corner: 'top-left', sizePercent: 12, opacity: 0.8 },
  endCard: { text: 'Follow for more', handle: '@acme' }, musicFolder: 'music', voice: 'system:en-gb', preset: 'reels',
};

describe('LookLibrary', () => {
  it('saves a style that extends a built-in, lists it with the built-ins, reads it back', async () => {
    await lib.saveStyle('styles', { version: 1, name: 'mine', extends: 'one-word', fill: '#00FF00' }, 'mine.json');
    const list = await lib.captionStyles();
    expect(list.items.find((s) => s.name === 'mine')).toMatchObject({ builtin: false, fill: '#00FF00', layout: { wordsPerCaption: 1 } });
    expect(list.items.find((s) => s.name === 'bold')).toMatchObject({ builtin: true });
    expect((await lib.captionStyle('mine')).fill).toBe('#00FF00');
  });

  it('refuses a built-in name and reports a damaged file by name without hiding the rest', async () => {
    await expect(lib.saveStyle('styles', { version: 1, name: 'bold', extends: 'pop' }, 'x.json')).rejects.toThrow(/built-in style's name/);
    writeFileSync(path.join(root, 'data', 'looks', 'styles', 'broken.json'), '{"version": 1, "name": "broken", "fill": 3');
    const list = await lib.captionStyles();
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]!.file).toMatch(/broken\.json$/);
    expect(list.items.some((s) => s.name === 'mine')).toBe(true);
    await expect(lib.captionStyle('broken')).rejects.toThrow(/broken\.json is not valid JSON/);
    await expect(lib.captionStyle('nope')).rejects.toThrow(/Unknown caption style "nope".*styles list/);
  });

  it('saves a brand kit with paths made absolute and checked', async () => {
    const saved = await lib.saveBrand(brand, path.join(kit, 'acme.json'), kit);
    expect(saved.logo!.path).toBe(path.join(kit, 'logo.png'));
    expect(saved.musicFolder).toBe(path.join(kit, 'music'));
    expect((await lib.brand('acme')).endCard).toEqual({ text: 'Follow for more', handle: '@acme' });
    expect(await pngSize(saved.logo!.path)).toEqual({ width: 64, height: 32 });
  });

  it('refuses a brand whose logo is not a PNG, whose music folder is empty, or whose style is unknown', async () => {
    await expect(lib.saveBrand({ ...brand, logo: { ...brand.logo, path: 'fake.png' } }, 'k.json', kit)).rejects.toThrow(/fake\.png is not a PNG/);
    await expect(lib.saveBrand({ ...brand, logo: { ...brand.logo, path: 'gone.png' } }, 'k.json', kit)).rejects.toThrow(/gone\.png does not exist/);
    await expect(lib.saveBrand({ ...brand, musicFolder: '.' }, 'k.json', path.join(kit, 'music', 'notes.txt'))).rejects.toThrow(UserError);
    await expect(lib.saveBrand({ ...brand, captionStyle: 'neon' }, 'k.json', kit)).rejects.toThrow(/Unknown caption style "neon"/);
    await expect(lib.saveBrand({ ...brand, logo: { ...brand.logo, corner: 'middle' } }, 'k.json', kit)).rejects.toThrow(/logo\.corner/);
    await expect(lib.brand('ghost')).rejects.toThrow(/Unknown brand "ghost": use one of acme/);
  });
});

describe('applyBrand and resolveLook', () => {
  it('the brand fills what the job leaves open; the job wins; music is chosen by seed', async () => {
    const { spec, brand: kitUsed } = await applyBrand({ topic: 'Why cats purr', brand: 'acme', voice: 'system:en-us', seed: 1 }, lib);
    expect(spec).toMatchObject({ voice: 'system:en-us', preset: 'reels', captionStyle: 'mine', titleStyle: 'banner', music: path.join(kit, 'music', 'b.mp3') });
    expect((await applyBrand({ topic: 't', brand: 'acme', seed: 2 }, lib)).spec.music).toBe(path.join(kit, 'music', 'a.m4a'));
    const look = await resolveLook(spec, kitUsed, lib, 'bold');
    expect(look).toMatchObject({ brand: 'acme', caption: { name: 'mine' }, title: { name: 'banner' }, endCard: { handle: '@acme' }, logo: { corner: 'top-left' } });
  });

  it('the hook title is on for topics, off for scripts, and either can be forced', async () => {
    expect((await resolveLook({ topic: 't' }, null, lib, 'bold')).title?.name).toBe('headline');
    expect((await resolveLook({ script: 'Hello.' }, null, lib, 'bold')).title).toBeNull();
    expect((await resolveLook({ topic: 't', hookTitle: false }, null, lib, 'bold')).title).toBeNull();
    expect((await resolveLook({ script: 'Hello.', hookTitle: true }, null, lib, 'pop')).caption.name).toBe('pop');
  });
});
