/**
 * Checks on the packaging configuration (no installer can be built here): electron-builder.yml
 * passes electron-builder's own schema, ships exactly the app, keeps JavaScript inside the asar,
 * declares what a first render needs on Linux, names real icons; and the beforePack hook refuses a
 * missing, mismatched or cross-built Electron SQLite module (desktop-review D2, D8, D10, R3, R4, R9).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { beforePack, electronSqliteProblems } from '../../scripts/check-electron-sqlite.js';

interface BuilderConfig {
  appId: string;
  files: string[];
  asarUnpack: string[];
  beforePack: string;
  directories: { buildResources: string };
  linux: { target: string[]; icon: string };
  deb: { depends: string[] };
  rpm: { depends: string[] };
  mac: { icon: string; hardenedRuntime: boolean };
  win: { icon: string };
}

const root = path.resolve('.');
const require = createRequire(path.join(root, 'package.json'));
// electron-builder's own loader and schema validation (app-builder-lib ships with electron-builder).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
// The YAML as written (electron-builder reads it with js-yaml too; getConfig normalises fields).
const { load } = require('js-yaml') as { load(text: string): unknown };

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rf-packaging-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('electron-builder.yml', () => {
  const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(await getConfig(root, null, null), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packs the three electron-vite outputs and the SQLite module, not dist/ or stray renders (D10)', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', 'build/electron-sqlite/better_sqlite3.node']));
    expect(config.files).not.toContain('out/**');
    expect(config.files.some((f) => f.startsWith('dist'))).toBe(false);
  });

  it('unpacks native code and binaries only; JavaScript stays in the asar (D8)', () => {
    expect(config.asarUnpack.some((p) => /\.js$|out\/main/.test(p))).toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/ffmpeg-static/**', 'node_modules/@derhuerst/ffprobe-static/**', 'build/electron-sqlite/*.node']));
  });

  it('runs the SQLite check before packing, and the hook file exists', () => {
    expect(config.beforePack).toBe('./scripts/check-electron-sqlite.js');
    expect(existsSync(path.join(root, config.beforePack))).toBe(true);
  });

  it('Linux: deb recommended first; packages depend on the defaults plus espeak-ng and ffmpeg (R1, R3)', () => {
    expect(config.linux.target[0]).toBe('deb');
    for (const dep of ['libgtk-3-0', 'libnss3', 'libsecret-1-0', 'espeak-ng', 'ffmpeg']) expect(config.deb.depends).toContain(dep);
    for (const dep of ['gtk3', 'nss', 'espeak-ng']) expect(config.rpm.depends).toContain(dep);
  });

  it('names icons that exist for every platform (R9)', () => {
    const res = path.join(root, config.directories.buildResources);
    expect(existsSync(path.join(res, config.mac.icon))).toBe(true);
    expect(existsSync(path.join(res, config.win.icon))).toBe(true);
    expect(existsSync(path.join(res, config.linux.icon, '512x512.png'))).toBe(true);
    expect(config.mac.hardenedRuntime).toBe(true);
  });
});

describe('the Electron SQLite check (beforePack)', () => {
  const host = { hostPlatform: 'linux', hostArch: 'x64', bindingExists: true };
  const target = { electron: '45.4.1', platform: 'linux', arch: 'x64' };

  it('passes a build for this Electron, platform and arch', () => {
    expect(electronSqliteProblems({ electron: '45.4.1', platform: 'linux', arch: 'x64' }, target, host)).toEqual([]);
  });

  it('refuses a missing build, a Node-era or other-Electron build, another arch, cross-builds and universal', () => {
    expect(electronSqliteProblems(null, target, { ...host, bindingExists: false })[0]).toMatch(/missing: run "npm run rebuild:electron"/);
    expect(electronSqliteProblems({ electron: '44.0.0', platform: 'linux', arch: 'x64' }, target, host)[0]).toMatch(/built for Electron 44\.0\.0 linux-x64, not Electron 45\.4\.1 linux-x64/);
    expect(electronSqliteProblems({ electron: '45.4.1', platform: 'linux', arch: 'arm64' }, target, host)).toHaveLength(1);
    expect(electronSqliteProblems({ electron: '45.4.1', platform: 'win32', arch: 'x64' }, { ...target, platform: 'win32' }, host)[0]).toMatch(/cannot pack win32-x64 on linux-x64/);
    expect(electronSqliteProblems({ electron: '45.4.1', platform: 'darwin', arch: 'universal' }, { ...target, platform: 'darwin', arch: 'universal' }, { ...host, hostPlatform: 'darwin', hostArch: 'arm64' }).join(' ')).toMatch(/universal/);
  });

  it('as a hook: throws with the reasons, or lets a matching build through', async () => {
    const projectDir = path.join(tmp, 'project');
    const context = (electron: string) => ({ electronPlatformName: process.platform, arch: ['ia32', 'x64', 'armv7l', 'arm64'].indexOf(process.arch), packager: { info: { framework: { version: electron }, projectDir } } });
    await expect(beforePack(context('45.4.1'))).rejects.toThrow(/Packaging stopped: .*better_sqlite3\.node or its build-info\.json is missing/);
    const dir = path.join(projectDir, 'build', 'electron-sqlite');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'better_sqlite3.node'), '');
    writeFileSync(path.join(dir, 'build-info.json'), JSON.stringify({ electron: '45.4.1', platform: process.platform, arch: process.arch }));
    await expect(beforePack(context('45.4.1'))).resolves.toBeUndefined();
    await expect(beforePack(context('46.0.0'))).rejects.toThrow(/not Electron 46\.0\.0/);
  });
});

describe('the release workflow (.github/workflows/release.yml)', () => {
  interface Step { name?: string; uses?: string; run?: string; if?: string }
  const workflow = load(readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { 'runs-on': string; needs?: string; strategy?: { matrix: { include: { os: string; builder: string }[] } }; steps: Step[] }>;
  };

  it('builds on Linux, macOS (both architectures) and Windows, each for its own platform', () => {
    const include = workflow.jobs.installers?.strategy?.matrix.include ?? [];
    const byOs = Object.fromEntries(include.map((m) => [m.os, m.builder]));
    expect(byOs).toMatchObject({ 'ubuntu-24.04': '--linux --x64', 'macos-15': '--mac --arm64', 'macos-15-intel': '--mac --x64', 'windows-2022': '--win --x64' });
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'workflow_dispatch']));
  });

  it('makes the Electron SQLite module, builds, runs the electron e2e project, then packs', () => {
    const runs = (workflow.jobs.installers?.steps ?? []).map((s) => s.run ?? '');
    const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
    const order = [/npm ci/, /electron\/install\.js/, /npm run rebuild:electron/, /npm run build/, /playwright test --project electron/, /electron-builder .*--publish never/].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runs.some((r) => /xvfb-run -a npx playwright test --project electron/.test(r))).toBe(true);
  });

  it('drafts the GitHub release from the installers of every job, on a version tag only', () => {
    const draft = workflow.jobs['draft-release'];
    expect(draft?.needs).toBe('installers');
    expect(draft?.steps.some((s) => /gh release create .*--draft/.test(s.run ?? ''))).toBe(true);
  });
});
