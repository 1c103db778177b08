import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { builtinInput, getBuiltinBackground, listBuiltinBackgrounds } from './backgrounds.js';
import { probeMedia } from './probe.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-bg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('built-in backgrounds', () => {
  it('lists at least four looks as builtin:NAME with descriptions', () => {
    const list = listBuiltinBackgrounds();
    expect(list.length).toBeGreaterThanOrEqual(4);
    for (const b of list) {
      expect(b.id).toBe(`builtin:${b.name}`);
      expect(b.description.length).toBeGreaterThan(10);
    }
    expect(list.map((b) => b.name)).toContain('aurora'); // the engine's default
  });

  it('an unknown name is a usage error listing the names', () => {
    let err: unknown;
    try { getBuiltinBackground('rainbow'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('usage');
    for (const b of listBuiltinBackgrounds()) expect((err as UserError).message).toContain(b.id);
    expect(() => builtinInput('constructor', 180, 320, 30, 1)).toThrow(UserError);
  });

  it('is a lavfi input and deterministic', () => {
    const a = builtinInput('aurora', 180, 320, 30, 2);
    expect(a.options).toEqual(['-f', 'lavfi']);
    expect(a.source).toBe(builtinInput('aurora', 180, 320, 30, 2).source);
    expect(a.source).toContain('seed=');
  });

  it.each(listBuiltinBackgrounds().map((b) => b.name))('%s renders at the exact size, rate and length', async (name) => {
    const out = path.join(dir, `${name}.mp4`);
    const input = builtinInput(name, 90, 160, 30, 1.2);
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...input.options, '-i', input.source, '-c:v', 'libx264', '-preset', 'ultrafast', out]);
    const info = await probeMedia('ffprobe', out);
    expect(info).toMatchObject({ width: 90, height: 160 });
    expect(info.fps).toBeCloseTo(30, 1);
    expect(info.durationSec).toBeGreaterThanOrEqual(1.2);
    expect(info.durationSec).toBeLessThan(1.35);
  });
});
