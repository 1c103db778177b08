/**
 * One `test` for both projects. Each test gets a fresh data folder and the real app on it:
 * - web: `reelforge serve` (built CLI) + Debian Chromium on its URL;
 * - electron: the built desktop app through `_electron.launch`, skipped where the binary is absent.
 * Specs talk to the UI through roles and test ids only, and read back state through `invoke`
 * (the contract), so the same spec checks both hosts.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page, type WebSocket as PageWebSocket } from '@playwright/test';
import { electronBinary, launchDesktopApp } from './support/electron-app.js';
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
}

export const test = base.extend<{ app: AppUnderTest }, { media: MediaFixtures }>({
  media: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const media = await makeMediaFixtures();
      await use(media);
      await rm(media.dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  app: async ({ page }, use, testInfo) => {
    const kind: HostKind = testInfo.project.name === 'electron' ? 'electron' : 'web';
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `reelforge-e2e-${kind}-`));
    const screenshot = async (p: Page, name: string) => {
      await mkdir(path.resolve('e2e/screenshots'), { recursive: true });
      await p.screenshot({ path: path.resolve('e2e/screenshots', kind === 'web' ? `${name}.png` : `${name}-electron.png`), fullPage: true });
    };
    try {
      if (kind === 'web') {
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
          if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('reelforge-serve.log', { body: server.log(), contentType: 'text/plain' });
        }
      } else {
        const binary = electronBinary();
        test.skip('missing' in binary, `Electron binary not installed or not runnable: ${'missing' in binary ? binary.missing : ''}`);
        if (!('path' in binary)) return;
        const electronApp = await launchDesktopApp(binary.path, dataDir);
        try {
          const win = await electronApp.firstWindow({ timeout: 60_000 });
          await win.waitForLoadState('domcontentloaded');
          await use({
            kind, page: win, dataDir, server: null, framesReceived: [],
            invoke: async <T,>(channel: string, input: unknown = {}) =>
              (await win.evaluate(([c, i]) => (globalThis as unknown as { reelforge: { invoke(c: string, i: unknown): Promise<unknown> } }).reelforge.invoke(c, i), [channel, input] as const)) as T,
            reload: async () => {
              await win.reload();
            },
            screenshot: (name) => screenshot(win, name),
          });
        } finally {
          await electronApp.close();
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect };
