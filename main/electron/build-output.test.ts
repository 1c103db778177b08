/**
 * Checks on what `electron-vite build` produced (out/, from `npm run build`), where the review
 * found the desktop app broken without ever launching it (desktop-review D1, D4, the preload rules).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const out = path.resolve('out');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rf-build-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') || f.endsWith('.cjs')).map((f) => path.join(dir, f));
}

beforeAll(() => {
  if (!existsSync(path.join(out, 'main', 'index.js'))) throw new Error(`${out}/main/index.js is missing: run "npm run build" (electron-vite build) before these checks.`);
});

describe('out/main', () => {
  it('never imports ffmpeg-static or ffprobe-static (their paths come from package.json, D1)', () => {
    for (const file of jsFiles(path.join(out, 'main'))) {
      // Comments may mention the packages; code may not load them.
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/(import\s*\(|require\s*\(|from\s*)["'](ffmpeg-static|@derhuerst\/ffprobe-static)["']/);
    }
    expect(existsSync(path.join(out, 'main', 'media-worker.js'))).toBe(true);
  });

  it('the built package-binary chunk finds the binaries in a dev tree and in a packaged (asar) layout', async () => {
    const chunk = readdirSync(path.join(out, 'main', 'chunks')).find((f) => f.startsWith('package-binary-'));
    expect(chunk, 'out/main/chunks/package-binary-*.js').toBeDefined();
    const exe = (base: string) => (process.platform === 'win32' ? `${base}.exe` : base);
    const fakeInstall = (modules: string, binaries: string) => {
      for (const [name, base, envVar] of [['ffmpeg-static', 'ffmpeg', 'FFMPEG_BIN'], ['@derhuerst/ffprobe-static', 'ffprobe', 'FFPROBE_BIN']] as const) {
        const dir = path.join(modules, ...name.split('/'));
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '5.3.0', [name]: { 'binary-path-env-var': envVar, 'executable-base-name': base } }));
        const binDir = path.join(binaries, ...name.split('/'));
        mkdirSync(binDir, { recursive: true });
        writeFileSync(path.join(binDir, exe(base)), '');
      }
    };
    const load = async (appDir: string) => {
      const target = path.join(appDir, 'out', 'main', 'chunks', chunk!);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(out, 'main', 'chunks', chunk!), target);
      return (await import(pathToFileURL(target).href)) as { packageBinary(name: string, o?: { env?: NodeJS.ProcessEnv }): string | null };
    };

    // `npm start` / the e2e run: <root>/out/main/chunks next to <root>/node_modules.
    const dev = path.join(tmp, 'dev');
    fakeInstall(path.join(dev, 'node_modules'), path.join(dev, 'node_modules'));
    const devChunk = await load(dev);
    expect(devChunk.packageBinary('ffmpeg-static', { env: {} })).toBe(path.join(dev, 'node_modules', 'ffmpeg-static', exe('ffmpeg')));
    expect(devChunk.packageBinary('@derhuerst/ffprobe-static', { env: {} })).toBe(path.join(dev, 'node_modules', '@derhuerst', 'ffprobe-static', exe('ffprobe')));

    // Packaged: package.json inside app.asar, the binary unpacked next to it (asarUnpack).
    const resources = path.join(tmp, 'resources');
    fakeInstall(path.join(resources, 'app.asar', 'node_modules'), path.join(resources, 'app.asar.unpacked', 'node_modules'));
    const packed = await load(path.join(resources, 'app.asar'));
    expect(packed.packageBinary('ffmpeg-static', { env: {} })).toBe(path.join(resources, 'app.asar.unpacked', 'node_modules', 'ffmpeg-static', exe('ffmpeg')));
  });
});

describe('out/preload', () => {
  it('is one CommonJS file that requires nothing but electron (a sandboxed preload can load nothing else)', () => {
    const code = readFileSync(path.join(out, 'preload', 'index.cjs'), 'utf8');
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*import\s/m);
  });
});

describe('out/renderer (production)', () => {
  it('keeps the strict CSP of renderer/index.html: no nonce, no unsafe-inline, no inline script', () => {
    const csp = (html: string) => /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
    const built = readFileSync(path.join(out, 'renderer', 'index.html'), 'utf8');
    const source = readFileSync(path.resolve('renderer', 'index.html'), 'utf8');
    expect(csp(built)).toBeDefined();
    expect(csp(built)).toBe(csp(source));
    expect(built).not.toMatch(/nonce|unsafe-inline|unsafe-eval/);
    for (const tag of built.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc=/);
  });
});
