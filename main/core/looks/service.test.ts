import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../contract.js';
import { getCaptionStyle, getTitleStyle } from '../media/captions/builtin-styles.js';
import { fontsDir } from '../media/fonts.js';
import { PathGuard } from '../studio/path-guard.js';
import { LooksService } from './service.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rf-looks-service-'));
const chosen = path.join(dataDir, 'uploads');
mkdirSync(chosen);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=80x40,format=rgba', '-frames:v', '1', path.join(chosen, 'logo.png')]);
const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'rf-not-chosen-'));
execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=80x40,format=rgba', '-frames:v', '1', path.join(elsewhere, 'logo.png')]);
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

const guard = new PathGuard([dataDir], 'drop it on the queue');
const service = new LooksService({ dataDir, fontsDir: fontsDir(), ffmpeg: () => 'ffmpeg', check: (p, f) => guard.check(p, f) });
const request = {
  style: getCaptionStyle('one-word'), title: { style: getTitleStyle('headline'), text: 'Most people get this wrong' }, endCard: null,
  logo: { path: path.join(chosen, 'logo.png'), corner: 'top-left' as const, sizePercent: 20, opacity: 1 },
  preset: 'shorts' as const, text: 'Why do cats purr so much?', atSec: 1, background: 'builtin:aurora', width: 270,
};

describe('LooksService', () => {
  it('renders one still of the real pipeline at the preset shape, replacing the previous one', async () => {
    const a = await service.preview(request);
    const size = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', a.path]).toString().trim();
    expect(size).toBe('270,480');
    expect(path.dirname(a.path)).toBe(path.join(dataDir, 'previews'));
    const b = await service.preview({ ...request, atSec: 2 });
    expect(b.path).not.toBe(a.path);
    expect(existsSync(a.path)).toBe(false);
    expect(existsSync(b.path)).toBe(true);
  });

  it('refuses a logo or background the user never chose', async () => {
    await expect(service.preview({ ...request, logo: { ...request.logo, path: path.join(elsewhere, 'logo.png') } })).rejects.toThrow(/not added in Reelforge/);
    await expect(service.preview({ ...request, background: '/etc/hostname' })).rejects.toThrow(/not added in Reelforge/);
    await expect(service.saveBrand({ version: 1, name: 'x', logo: { ...request.logo, path: path.join(elsewhere, 'logo.png') } })).rejects.toThrow(/not added in Reelforge/);
  });

  it('saves a style from the editor and lists it with the built-ins and the brands', async () => {
    await service.saveStyle('caption', { ...getCaptionStyle('bold'), name: 'editor-made', fill: '#123456' });
    await service.saveBrand({ version: 1, name: 'acme', captionStyle: 'editor-made', logo: request.logo });
    const list = await service.list();
    expect(list.captionStyles.find((s) => s.name === 'editor-made')).toMatchObject({ fill: '#123456', builtin: false });
    expect(list.titleStyles.some((s) => s.name === 'headline')).toBe(true);
    expect(list.brands.map((b) => b.name)).toEqual(['acme']);
  });

  it('the contract refuses a malformed style before any handler runs, naming the field', () => {
    expect(() => parseRequest('looks.preview', { ...request, style: { ...request.style, highlight: { ...request.style.highlight, mode: 'glow' } } })).toThrow(/highlight/);
    expect(() => parseRequest('looks.saveStyle', { kind: 'caption', style: { ...request.style, fill: 'red' } })).toThrow(/fill/);
    expect(parseRequest('looks.preview', request).width).toBe(270);
  });
});
