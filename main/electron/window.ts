/**
 * The one studio window, locked down (security checklist #3, #4, #13, #14, and our own rules):
 * context isolation, sandbox, no Node integration, web security on; navigation away from the
 * app and every window.open are refused (external http(s) links open in the user's browser);
 * permission requests (camera, notifications from the page, …) are all denied.
 */
import { BrowserWindow, shell, type Session } from 'electron';
import { APP_ORIGIN, DESKTOP_CSP } from './app-protocol.js';
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

/** Applies to the default session once: deny permissions, and add the CSP to dev-server pages. */
export function hardenSession(ses: Session, isDevServerUrl: (url: string) => boolean): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // app:// responses carry the CSP themselves (app-protocol.ts); the dev server needs it added,
  // relaxed only by what Vite's client needs (its websocket and inline HMR styles).
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isDevServerUrl(details.url)) return callback({});
    const origin = new URL(details.url).host;
    // Data-folder media stays on app:// (appFileUrl), a different origin from the dev server.
    const devCsp = DESKTOP_CSP.replace("connect-src 'self'", `connect-src 'self' ws://${origin}`)
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("img-src 'self'", `img-src 'self' ${APP_ORIGIN}`)
      .replace("media-src 'self'", `media-src 'self' ${APP_ORIGIN}`);
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devCsp] } });
  });
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
  if (state.maximized) win.maximize();
  trackWindowState(win, opts.userData);

  win.webContents.on('will-navigate', (event, url) => {
    if (opts.isTrustedUrl(url) && url.split('#')[0] === win.webContents.getURL().split('#')[0]) return;
    event.preventDefault();
    openExternally(url);
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!opts.isTrustedUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.startUrl);
  return win;
}

