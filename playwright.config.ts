/**
 * Two projects run the same specs (e2e/*.spec.ts):
 * - `web`: Debian's Chromium against `reelforge serve` (the built CLI + real core + real workers),
 *   started per test by e2e/fixtures.ts on a fresh data folder. Always runs.
 * - `electron`: the built desktop app (out/main/index.js) through `_electron.launch`; it launches
 *   no browser (macOS and Windows runners have no /usr/bin/chromium), and every test reports
 *   itself skipped, with the reason, where the Electron binary or its Electron-ABI SQLite module
 *   (`npm run rebuild:electron`) is missing. The release workflow runs it on all three OSes.
 * Nothing is built here: `npm run build` (and `electron-vite build` for the desktop app) come first.
 */
import { defineConfig } from '@playwright/test';

const chromiumPath = process.env.REELFORGE_CHROMIUM ?? '/usr/bin/chromium';
const isCI = process.env.CI !== undefined;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // Renders use every core: one test at a time keeps timings sane on a 2-core CI box.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: isCI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    // The web project's page comes from here (with traces); the electron project drives its own window.
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'web', use: { browserName: 'chromium' } },
    { name: 'electron', use: { browserName: 'chromium' } },
  ],
});
