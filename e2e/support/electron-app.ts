/**
 * The desktop app under Playwright's (experimental) Electron driver. The `electron` npm package
 * is installed for its types even where its binary could not be downloaded. We find the binary
 * the way node_modules/electron/index.js does (path.txt, ELECTRON_OVERRIDE_DIST_PATH) but never
 * `require('electron')`: since Electron 45 that starts a download when the binary is missing,
 * which an offline test run must not do. Absent → the electron project skips with this reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { checkElectronSqlite } from '../../scripts/check-electron-sqlite.js';
import { TEST_RENDER_ENV } from './serve.js';

export const ELECTRON_MAIN = path.resolve('out/main/index.js');

/** The binary's path, or why there is none. */
export function electronBinary(): { path: string } | { missing: string } {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (relative === null && !override) return { missing: `${pathFile} is absent (the download was skipped or failed; run "node node_modules/electron/install.js")` };
  const binary = override ? path.join(override, relative ?? 'electron') : path.join(pkgDir, 'dist', relative ?? '');
  if (!existsSync(binary)) return { missing: `${binary} does not exist (run "node node_modules/electron/install.js")` };
  // Electron on Linux needs a display server; CI runs the suite under xvfb-run.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { missing: 'no DISPLAY for Electron on Linux (run under xvfb-run)' };
  return { path: binary };
}

/**
 * Why the electron project cannot run here, or null. Without the Electron-ABI SQLite module the
 * app would stop at start with a modal error box that blocks until a launch timeout; a skip with
 * the reason says what to do instead (desktop-review D7).
 */
export function electronSkipReason(): string | null {
  const binary = electronBinary();
  if ('missing' in binary) return `Electron binary not installed or not runnable: ${binary.missing}`;
  let version: string;
  try {
    version = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'the electron package is not installed';
  }
  const problems = checkElectronSqlite(path.resolve('.'), { electron: version, platform: process.platform, arch: process.arch });
  return problems.length > 0 ? `the Electron SQLite module is not usable: ${problems.join('; ')}` : null;
}

export async function launchDesktopApp(binary: string, dataDir: string): Promise<ElectronApplication> {
  if (!existsSync(ELECTRON_MAIN)) throw new Error(`${ELECTRON_MAIN} is missing: run "npx electron-vite build" before the electron e2e project.`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'OPENAI_API_KEY' && k !== 'OPENAI_BASE_URL') env[k] = v;
  return electron.launch({
    executablePath: binary,
    // Chromium refuses to start as root with its sandbox on (containers, CI); only then is it turned off.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ELECTRON_MAIN],
    env: { ...env, ...TEST_RENDER_ENV, REELFORGE_DATA_DIR: dataDir, ELECTRON_DISABLE_SECURITY_WARNINGS: '1' },
    // firstWindow() keeps its own 30 s default regardless (playwright#21846); this bounds launch itself.
    timeout: 60_000,
  });
}
