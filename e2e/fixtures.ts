/**
 * One `test` for both projects. Each test gets a fresh data folder and the real app on it:
 * - web: `reelforge serve` (built CLI) + Debian Chromium on its URL;
 * - electron: the built desktop app through `_electron.launch`, skipped (with the reason) where the
 *   binary or its Electron-ABI SQLite module is absent; it never starts a browser of its own.
 * Specs talk to the UI through roles and test ids only, and read back state through `invoke`
 * (the contract), so the same spec checks both hosts.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Browser, type Page, type WebSocket as PageWebSocket } from '@playwright/test';
import { electronBinary, electronSkipReason, launchDesktopApp } from './support/electron-app.js';
import { makeMediaFixtures, type MediaFixtures } from './support/media.js';
import { startServer, type ServerUnderTest } from './support/serve.js';
import { invokeOverWs } from './support/ws-client.js';

export type HostKind = 'web' | 'electron';

export interface AppUnderTest {
  kind: HostKind;
  page: Page;
  dataDir: string;
  /** The browser host, in the web project only. */
  server: ServerUnderTest | null;
  /** A contract call from the test's side (WebSocket client or window.reelforge). */
  invoke<T = unknown>(channel: string, input?: unknown): Promise<T>;
  /** Reloads the UI the way a user would (F5 / a new page load). */
  reload(): Promise<void>;
  /** Every text frame the page received over its WebSocket (web only; empty for electron). */
  framesReceived: string[];
  /** Saves e2e/screenshots/<name>.png (web) or <name>-electron.png. */
  screenshot(name: string): Promise<void>;
  /** Electron only: when the app was launched (Date.now()), for start-up measurements. */
  launchedAt?: number;
}

export const test = base.extend<{ app: AppUnderTest }, { media: MediaFixtures; webBrowser: Browser | null }>({
  media: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const media = await makeMediaFixtures();
      await use(media);
      await rm(media.dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  // The web project's Chromium, launched here rather than through Playwright's `page` fixture so
  // the electron project never starts one: on macOS and Windows runners there is no
  // /usr/bin/chromium (desktop-review D7). Contexts made from `playwright` still get the
  // configured traces and failure screenshots.
  webBrowser: [
    async ({ playwright, launchOptions }, use, workerInfo) => {
      if (workerInfo.project.name === 'electron') return use(null);
      const browser = await playwright.chromium.launch(launchOptions);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ webBrowser }, use, testInfo) => {
    const kind: HostKind = testInfo.project.name === 'electron' ? 'electron' : 'web';
    if (kind === 'electron') {
      const reason = electronSkipReason();
      test.skip(reason !== null, reason ?? '');
    }
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `reelforge-e2e-${kind}-`));
    const screenshot = async (p: Page, name: string) => {
      await mkdir(path.resolve('e2e/screenshots'), { recursive: true });
      await p.screenshot({ path: path.resolve('e2e/screenshots', kind === 'web' ? `${name}.png` : `${name}-electron.png`), fullPage: true });
    };
    try {
      if (kind === 'web') {
        if (webBrowser === null) throw new Error('the web project has no browser');
        const context = await webBrowser.newContext();
        const page = await context.newPage();
        const server = await startServer(dataDir);
        const framesReceived: string[] = [];
        const watch = (ws: PageWebSocket) => ws.on('framereceived', (f) => framesReceived.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')));
        page.on('websocket', watch);
        try {
          await page.goto(server.url);
          await use({
            kind, page, dataDir, server, framesReceived,
            invoke: async <T,>(channel: string, input: unknown = {}) => (await invokeOverWs(server.origin, server.token, channel, input)) as T,
            reload: async () => {
              await page.reload();
            },
            screenshot: (name) => screenshot(page, name),
          });
        } finally {
          await server.stop();
          await context.close();
          if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('reelforge-serve.log', { body: server.log(), contentType: 'text/plain' });
        }
      } else {
        const binary = electronBinary();
        if (!('path' in binary)) throw new Error(binary.missing);
        // A folder that does not exist yet: the app must create it, as on a first launch (R6).
        const appDataDir = path.join(dataDir, 'first-launch');
        const launchedAt = Date.now();
        const electronApp = await launchDesktopApp(binary.path, appDataDir);
        // Playwright's trace and screenshot options cover browser pages; the desktop window's are recorded here.
        await electronApp.context().tracing.start({ screenshots: true, snapshots: true });
        let win: Page | null = null;
        try {
          win = await electronApp.firstWindow({ timeout: 30_000 });
          await win.waitForLoadState('domcontentloaded');
          await use({
            kind, page: win, dataDir: appDataDir, server: null, framesReceived: [], launchedAt,
            invoke: async <T,>(channel: string, input: unknown = {}) => {
              // window.reelforge answers with {ok, result} or {ok: false, error} (preload, D9).
              const reply = (await win!.evaluate(([c, i]) => (globalThis as unknown as { reelforge: { invoke(c: string, i: unknown): Promise<unknown> } }).reelforge.invoke(c, i), [channel, input] as const)) as { ok: boolean; result?: unknown; error?: { message: string } };
              if (!reply.ok) throw new Error(reply.error?.message ?? `${channel} failed`);
              return reply.result as T;
            },
            reload: async () => {
              await win!.reload();
            },
            screenshot: (name) => screenshot(win!, name),
          });
        } finally {
          const failed = testInfo.status !== testInfo.expectedStatus;
          if (failed && win !== null && !win.isClosed()) await testInfo.attach('electron-window.png', { body: await win.screenshot(), contentType: 'image/png' }).catch(() => undefined);
          const tracePath = testInfo.outputPath('electron-trace.zip');
          await electronApp.context().tracing.stop(failed ? { path: tracePath } : {}).catch(() => undefined);
          if (failed) await testInfo.attach('electron-trace', { path: tracePath, contentType: 'application/zip' }).catch(() => undefined);
          await electronApp.close();
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect };
