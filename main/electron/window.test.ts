/**
 * The studio window and the session rules against fake Electron objects (no binary here): when
 * the window shows (D12), what navigation does, which permissions pass (D5), which CSP header a
 * dev-server page gets (D4).
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const opened: string[] = [];
const windows: FakeWindow[] = [];

class FakeContents extends EventEmitter {
  url = '';
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
}

class FakeWindow extends EventEmitter {
  webContents = new FakeContents();
  calls: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
  maximize() {
    this.calls.push('maximize');
  }
  show() {
    this.calls.push('show');
  }
  loadURL(url: string) {
    this.webContents.url = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1280, height: 820 };
  }
  isMaximized() {
    return false;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  shell: { openExternal: (u: string) => (opened.push(u), Promise.resolve()) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
}));

const { createStudioWindow } = await import('./window.js');
const { devServerCsp, hardenSession, permissionAllowed } = await import('./session-policy.js');
const { contentSecurityPolicy } = await import('../host/static-files.js');

const trusted = (u: string) => u.startsWith('app://reelforge/');

function navEvent(url: string) {
  return { url, prevented: false, preventDefault() {
    this.prevented = true;
  } };
}

describe('createStudioWindow', () => {
  it('stays hidden until ready-to-show, then maximises (if it was) and shows: no empty frame (D12)', () => {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'rf-window-'));
    writeFileSync(path.join(userData, 'window-state.json'), JSON.stringify({ bounds: { x: 10, y: 10, width: 1000, height: 700 }, maximized: true }));
    const win = createStudioWindow({ userData, preload: '/p.cjs', startUrl: 'app://reelforge/', isTrustedUrl: trusted }) as unknown as FakeWindow;
    expect(win.options).toMatchObject({ show: false, webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true } });
    expect(win.calls).toEqual([]);
    win.emit('ready-to-show');
    expect(win.calls).toEqual(['maximize', 'show']);
  });

  it('refuses navigation away from the app (web links open in the browser) and every window.open', () => {
    const win = createStudioWindow({ userData: mkdtempSync(path.join(os.tmpdir(), 'rf-window-')), preload: '/p.cjs', startUrl: 'app://reelforge/', isTrustedUrl: trusted }) as unknown as FakeWindow;
    const same = navEvent('app://reelforge/#queue');
    win.webContents.emit('will-navigate', same);
    expect(same.prevented).toBe(false);
    const away = navEvent('https://example.com/');
    win.webContents.emit('will-navigate', away);
    expect(away.prevented).toBe(true);
    const file = navEvent('file:///etc/passwd');
    win.webContents.emit('will-navigate', file);
    expect(file.prevented).toBe(true);
    expect(win.webContents.openHandler?.({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/', 'https://docs.example/']);
  });
});

describe('session policy', () => {
  it('allows fullscreen to our pages only, and nothing else to anyone (D5)', () => {
    expect(permissionAllowed('fullscreen', 'app://reelforge/', trusted)).toBe(true);
    expect(permissionAllowed('automatic-fullscreen', 'app://reelforge', trusted)).toBe(true);
    expect(permissionAllowed('fullscreen', 'https://evil.example/', trusted)).toBe(false);
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) expect(permissionAllowed(p, 'app://reelforge/', trusted)).toBe(false);
    expect(permissionAllowed('fullscreen', undefined, trusted)).toBe(false);
  });

  it('hardenSession wires the handlers: requests, checks and the dev-server CSP header', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void) | null = null;
    let check: ((c: unknown, p: string, origin: string) => boolean) | null = null;
    let headers: ((d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null;
    const ses = {
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      webRequest: { onHeadersReceived: (fn: typeof headers) => (headers = fn) },
    };
    const prod = contentSecurityPolicy(null);
    hardenSession(ses as never, { isTrustedUrl: (u) => trusted(u) || u.startsWith('http://localhost:5173/'), isDevServerUrl: (u) => u.startsWith('http://localhost:5173/'), productionCsp: prod, devNonce: 'bm9uY2Utbm9uY2Utbm9uY2U=' });
    const answers: boolean[] = [];
    request!(null, 'fullscreen', (ok) => answers.push(ok), { requestingUrl: 'app://reelforge/' });
    request!(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://reelforge/' });
    expect(answers).toEqual([true, false]);
    expect(check!(null, 'fullscreen', 'app://reelforge')).toBe(true);
    const replies: unknown[] = [];
    headers!({ url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => replies.push(r));
    headers!({ url: 'app://reelforge/', responseHeaders: {} }, (r) => replies.push(r));
    expect(replies[0]).toEqual({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [devServerCsp(prod, 'http://localhost:5173/', 'bm9uY2Utbm9uY2Utbm9uY2U=')] } });
    expect(String((replies[0] as { responseHeaders: Record<string, string[]> }).responseHeaders['Content-Security-Policy'])).toContain("'nonce-bm9uY2Utbm9uY2Utbm9uY2U='");
    expect(replies[1]).toEqual({});
  });

  it('without a dev nonce, dev pages get no header (their meta policy governs)', () => {
    expect(devServerCsp(contentSecurityPolicy(null), 'http://localhost:5173/', undefined)).toBeNull();
  });
});
