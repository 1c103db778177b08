import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath, searchDirs } from './find-on-path.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('searchDirs', () => {
  it('adds Homebrew folders on macOS only (a Finder launch has launchd PATH)', () => {
    expect(searchDirs({ PATH: '/usr/bin:/bin' }, 'darwin')).toEqual(['/usr/bin', '/bin', '/opt/homebrew/bin', '/usr/local/bin']);
    expect(searchDirs({ PATH: '/usr/local/bin:/usr/bin' }, 'darwin')).toEqual(['/usr/local/bin', '/usr/bin', '/opt/homebrew/bin']);
    expect(searchDirs({ PATH: '/usr/bin:/bin' }, 'linux')).toEqual(['/usr/bin', '/bin']);
  });

  it('splits on ; on Windows and reads Path too', () => {
    expect(searchDirs({ Path: 'C:\\ffmpeg\\bin;;C:\\Windows' }, 'win32')).toEqual(['C:\\ffmpeg\\bin', 'C:\\Windows']);
  });
});

describe('findOnPath', () => {
  it('finds the first file of that name, skipping folders of that name', () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    mkdirSync(path.join(a, 'tool'), { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(path.join(b, 'tool'), '');
    expect(findOnPath('tool', { PATH: `${a}:${b}` }, 'linux')).toBe(path.join(b, 'tool'));
    expect(findOnPath('absent', { PATH: `${a}:${b}` }, 'linux')).toBeNull();
  });
});
