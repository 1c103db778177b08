/**
 * The one studio window, locked down (security checklist #3, #4, #13, #14, and our own rules):
 * context isolation, sandbox, no Node integration, web security on; navigation away from the
 * app and every window.open are refused (external http(s) links open in the user's browser).
 * Session-wide rules (permissions, the dev CSP header) are in session-policy.ts.
 *
 * The window appears only on 'ready-to-show', maximised then if it was last time: maximize()
 * shows a window at once, so calling it earlier flashed an empty frame (desktop-review D12).
 */
import { BrowserWindow, shell } from 'electron';
import { loadWindowState, trackWindowState } from './window-state.js';

export interface WindowOptions {
  userData: string;
  preload: string;
  /** app://reelforge/ in production, the electron-vite dev server in development. */
  startUrl: string;
  isTrustedUrl(url: string): boolean;
}

function openExternally(url: string): void {
  // Only web links leave the app; file:, javascript:, custom schemes never reach the shell.
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}

export function createStudioWindow(opts: WindowOptions): BrowserWindow {
  const { state, positioned } = loadWindowState(opts.userData);
  const win = new BrowserWindow({
    ...(positioned ? state.bounds : { width: state.bounds.width, height: state.bounds.height }),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Reelforge',
    backgroundColor: '#111317',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  trackWindowState(win, opts.userData);

  win.webContents.on('will-navigate', (event) => {
    const url = event.url;
    if (opts.isTrustedUrl(url) && url.split('#')[0] === win.webContents.getURL().split('#')[0]) return;
    event.preventDefault();
    openExternally(url);
  });
  win.webContents.on('will-redirect', (event) => {
    if (!opts.isTrustedUrl(event.url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(opts.startUrl);
  return win;
}
