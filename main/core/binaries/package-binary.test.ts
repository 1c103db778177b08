import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryInPackage, outsideAsar, packageBinary } from './package-binary.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-pkgbin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** package.json as ffmpeg-static / @derhuerst/ffprobe-static publish it (build-packages.js). */
function manifest(name: string, base: string, envVar: string): Record<string, unknown> {
  return { name, version: '5.3.0', main: 'index.js', [name]: { 'binary-path-env-var': envVar, 'executable-base-name': base } };
}

/** A fake install: <root>/node_modules/<name>/{package.json,<binary>} and a module file to resolve from. */
function install(root: string, name: string, base: string, envVar: string, withBinary = true): string {
  const pkgDir = path.join(root, 'node_modules', ...name.split('/'));
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(manifest(name, base, envVar)));
  if (withBinary) writeFileSync(path.join(pkgDir, process.platform === 'win32' ? `${base}.exe` : base), '');
  const from = path.join(root, 'out', 'main', 'chunks', 'x.js');
  mkdirSync(path.dirname(from), { recursive: true });
  writeFileSync(from, '');
  return from;
}

describe('binaryInPackage (the packages\' own rule)', () => {
  const pkg = manifest('@derhuerst/ffprobe-static', 'ffprobe', 'FFPROBE_BIN');
  it('names the binary next to package.json, .exe on Windows', () => {
    expect(binaryInPackage('/m/ffprobe-static', pkg, 'linux', 'x64')).toBe('/m/ffprobe-static/ffprobe');
    expect(binaryInPackage('/m/ffprobe-static', pkg, 'darwin', 'arm64')).toBe('/m/ffprobe-static/ffprobe');
    expect(binaryInPackage('C:\\m\\ffprobe-static', pkg, 'win32', 'x64')).toBe('C:\\m\\ffprobe-static\\ffprobe.exe');
  });
  it('is null where no binary is published, and honours the package\'s env override', () => {
    expect(binaryInPackage('/m/p', pkg, 'win32', 'arm64')).toBeNull();
    expect(binaryInPackage('/m/p', pkg, 'aix', 'ppc64')).toBeNull();
    expect(binaryInPackage('/m/p', pkg, 'linux', 'x64', { FFPROBE_BIN: '/opt/ffprobe' })).toBe('/opt/ffprobe');
    expect(binaryInPackage('/m/p', { name: 'x' }, 'linux', 'x64')).toBeNull();
  });
});

describe('outsideAsar', () => {
  it('maps app.asar paths to app.asar.unpacked and leaves others alone', () => {
    expect(outsideAsar('/Applications/Reelforge.app/Contents/Resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe('/Applications/Reelforge.app/Contents/Resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg');
    expect(outsideAsar('C:\\R\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe')).toBe('C:\\R\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe');
    expect(outsideAsar('/src/node_modules/ffmpeg-static/ffmpeg')).toBe('/src/node_modules/ffmpeg-static/ffmpeg');
  });
});

describe('packageBinary', () => {
  it('resolves an installed package from a bundle\'s location, without running its code', () => {
    const root = path.join(dir, 'app');
    const from = install(root, '@derhuerst/ffprobe-static', 'ffprobe', 'FFPROBE_BIN');
    // No index.js exists: the package's code cannot have been run.
    expect(packageBinary('@derhuerst/ffprobe-static', { from: pathToFileURL(from).href, env: {} })).toBe(path.join(root, 'node_modules', '@derhuerst', 'ffprobe-static', process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe'));
  });

  it('null when the download did not happen or the package is absent', () => {
    const root = path.join(dir, 'nodownload');
    const from = install(root, 'ffmpeg-static', 'ffmpeg', 'FFMPEG_BIN', false);
    expect(packageBinary('ffmpeg-static', { from, env: {} })).toBeNull();
    expect(packageBinary('@derhuerst/ffprobe-static', { from, env: {} })).toBeNull();
  });

  it('in a packaged layout, returns the unpacked copy of a binary inside app.asar', () => {
    const resources = path.join(dir, 'resources');
    const from = install(path.join(resources, 'app.asar'), 'ffmpeg-static', 'ffmpeg', 'FFMPEG_BIN', false);
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', 'ffmpeg-static');
    mkdirSync(unpacked, { recursive: true });
    const bin = path.join(unpacked, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    writeFileSync(bin, '');
    expect(packageBinary('ffmpeg-static', { from, env: {} })).toBe(bin);
  });
});
