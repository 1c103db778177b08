import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ToolMemo } from '../binaries/tool-memo.js';
import { UserError } from '../errors.js';
import { locateFfmpeg } from './ffmpeg-locate.js';
import type * as Locate from './ffmpeg-locate.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-locate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const realPath = process.env.PATH ?? '';

describe('locateFfmpeg', () => {
  it('finds the real ffmpeg on PATH with its version line and ffprobe beside it', async () => {
    const loc = await locateFfmpeg({ env: { PATH: realPath } });
    expect(['path', 'ffmpeg-static']).toContain(loc.source);
    expect(loc.version).toMatch(/^ffmpeg version \S+/);
    expect(path.basename(loc.ffprobe)).toMatch(/^ffprobe/);
  });

  it('uses FFMPEG_PATH and FFPROBE_PATH from the environment', async () => {
    const real = await locateFfmpeg({ env: { PATH: realPath } });
    const loc = await locateFfmpeg({ env: { PATH: '', FFMPEG_PATH: real.ffmpeg, FFPROBE_PATH: '/opt/custom/ffprobe' } });
    expect(loc).toMatchObject({ source: 'env', ffmpeg: real.ffmpeg, ffprobe: '/opt/custom/ffprobe', version: real.version });
  });

  it('a setting beats the environment', async () => {
    const real = await locateFfmpeg({ env: { PATH: realPath } });
    const loc = await locateFfmpeg({ setting: real.ffmpeg, env: { PATH: '', FFMPEG_PATH: path.join(dir, 'missing') } });
    expect(loc.source).toBe('setting');
  });

  it('FFMPEG_PATH pointing at a missing file is a config error naming it', async () => {
    const missing = path.join(dir, 'no-ffmpeg-here');
    const err = await locateFfmpeg({ env: { PATH: realPath, FFMPEG_PATH: missing } }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('config');
    expect((err as UserError).subject).toBe('FFMPEG_PATH');
    expect((err as UserError).message).toContain(missing);
    expect((err as UserError).message).toContain('apt-get install ffmpeg');
  });

  it('a binary that is not ffmpeg is rejected', async () => {
    const fake = path.join(dir, 'fake-ffmpeg');
    writeFileSync(fake, '#!/bin/sh\necho "hello from something else"\n');
    chmodSync(fake, 0o755);
    await expect(locateFfmpeg({ env: { PATH: realPath, FFMPEG_PATH: fake } })).rejects.toMatchObject({ kind: 'config' });
  });

  it('nothing anywhere gives the install hint', async () => {
    const err = await locateFfmpeg({ env: { PATH: dir } }).then(() => null, (e: unknown) => e);
    // ffmpeg-static is an optional dependency; when it is installed it is a valid answer.
    if (err === null) return expect((await locateFfmpeg({ env: { PATH: dir } })).source).toBe('ffmpeg-static');
    expect((err as UserError).message).toBe('ffmpeg was not found: set FFMPEG_PATH or install ffmpeg (apt-get install ffmpeg / brew install ffmpeg / winget install ffmpeg)');
    expect((err as UserError).kind).toBe('config');
  });
});

describe('locateFfmpeg settings', () => {
  it('a broken setting is a config error about the setting, not FFMPEG_PATH', async () => {
    const err = await locateFfmpeg({ setting: '/nowhere/ffmpeg', env: { PATH: realPath } }).then(() => null, (e: unknown) => e);
    expect((err as UserError).kind).toBe('config');
    expect((err as UserError).subject).toBe('ffmpegPath');
    expect((err as UserError).message).toContain('/nowhere/ffmpeg');
  });

  it('FFPROBE_PATH wins over the ffprobe next to ffmpeg; blank values count as unset', async () => {
    const loc = await locateFfmpeg({ setting: '  ', env: { PATH: realPath, FFMPEG_PATH: ' ', FFPROBE_PATH: '/x/ffprobe' } });
    expect(loc.source).not.toBe('setting');
    expect(loc.ffprobe).toBe('/x/ffprobe');
  });
});

describe('locateFfmpeg with a tool memo', () => {
  it('runs `ffmpeg -version` once per binary identity, across processes', async () => {
    const counter = path.join(dir, 'version-calls');
    const fake = path.join(dir, 'counting-ffmpeg');
    writeFileSync(fake, `#!/bin/sh\necho x >> "${counter}"\necho "ffmpeg version 9.9-fake Copyright"\n`);
    chmodSync(fake, 0o755);
    const memoFile = path.join(dir, 'tool-memo.json');
    const calls = () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);

    const first = await locateFfmpeg({ env: { PATH: '', FFMPEG_PATH: fake }, memo: new ToolMemo(memoFile) });
    expect(first.version).toBe('ffmpeg version 9.9-fake Copyright');
    expect(calls()).toBe(1);
    // A new process: its own module state, the same data folder.
    vi.resetModules();
    const fresh = (await import('./ffmpeg-locate.js')) as typeof Locate;
    const again = await fresh.locateFfmpeg({ env: { PATH: '', FFMPEG_PATH: fake }, memo: new ToolMemo(memoFile) });
    expect(again.version).toBe(first.version);
    expect(calls()).toBe(1);
  });
});

describe('ffprobe', () => {
  it('comes from next to a chosen ffmpeg before PATH, and from PATH otherwise', async () => {
    const real = await locateFfmpeg({ env: { PATH: realPath } });
    const chosenDir = path.join(dir, 'chosen');
    mkdirSync(chosenDir, { recursive: true });
    const chosen = path.join(chosenDir, 'ffmpeg');
    writeFileSync(chosen, `#!/bin/sh\nexec "${real.ffmpeg}" "$@"\n`);
    chmodSync(chosen, 0o755);
    writeFileSync(path.join(chosenDir, 'ffprobe'), '');
    expect((await locateFfmpeg({ setting: chosen, env: { PATH: realPath } })).ffprobe).toBe(path.join(chosenDir, 'ffprobe'));
    const viaPath = await locateFfmpeg({ env: { PATH: realPath } });
    expect(path.isAbsolute(viaPath.ffprobe)).toBe(true);
    expect(path.basename(viaPath.ffprobe)).toBe('ffprobe');
  });

  it('is the bare name when there is none anywhere (the probe then says what to install)', async () => {
    const lonely = path.join(dir, 'lonely');
    mkdirSync(lonely, { recursive: true });
    const real = await locateFfmpeg({ env: { PATH: realPath } });
    const ff = path.join(lonely, 'ffmpeg');
    writeFileSync(ff, `#!/bin/sh\nexec "${real.ffmpeg}" "$@"\n`);
    chmodSync(ff, 0o755);
    const { ffprobe } = await locateFfmpeg({ env: { PATH: lonely } });
    // @derhuerst/ffprobe-static is optional; where its download ran, its binary is the answer.
    if (ffprobe !== 'ffprobe') return expect(ffprobe).toMatch(/node_modules[\\/]@derhuerst[\\/]ffprobe-static[\\/]ffprobe/);
    expect(ffprobe).toBe('ffprobe');
  });
});
