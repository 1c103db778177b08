/**
 * The desktop app's main process: one studio window over one Engine + Studio on the user's data
 * folder (`app.getPath('userData')`, the same folder the CLI uses by default; REELFORGE_DATA_DIR
 * overrides it, which the e2e tests use for a fresh folder per test).
 *
 * Start-up order matters: the app:// scheme is registered before 'ready'; the single-instance
 * lock is taken before anything touches the data folder (two processes must not both own the
 * SQLite files); the Electron-ABI better-sqlite3 binding is chosen before the Engine opens.
 * Quitting closes the Engine first (running jobs are interrupted and resume next launch; every
 * worker and its ffmpeg is killed), then lets the app exit.
 */
import { app, dialog, session, shell, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../core/engine.js';
import { dataPaths } from '../core/paths.js';
import { Studio } from '../core/studio/studio.js';
import { APP_ORIGIN, appFileUrl, handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { trackBatchProgress } from './batch-progress.js';
import { savedEngineOptions } from '../core/settings/engine-options.js';
import { bindIpc, type IpcBinding } from './ipc.js';
import { openLog } from './log.js';
import { installMenu } from './menu.js';
import { safeStorageSecrets } from './secrets.js';
import { PEXELS_SECRET, PIXABAY_SECRET } from '../host/key-file.js';
import { configureSqliteBinding } from './sqlite-binding.js';
import { utilityProcessSpawner } from './utility-spawner.js';
import { createStudioWindow, hardenSession } from './window.js';

/** out/main (built) — the preload, renderer and media worker are siblings of this bundle. */
const mainDir = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(mainDir, '..', '..');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

function isDevServerUrl(url: string): boolean {
  return devServerUrl !== undefined && url.startsWith(new URL(devServerUrl).origin + '/');
}

function isTrustedUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || isDevServerUrl(url);
}

registerAppScheme();
// Every renderer sandboxed, whatever a future window's webPreferences say (must precede 'ready').
app.enableSandbox();
app.setName('Reelforge');
// Explicit, so the folder matches core/paths.ts defaultDataDir() (the CLI's default) whatever
// package.json's lower-case name would give.
app.setPath('userData', process.env.REELFORGE_DATA_DIR ? path.resolve(process.env.REELFORGE_DATA_DIR) : path.join(app.getPath('appData'), 'Reelforge'));

let engine: Engine | null = null;
let studio: Studio | null = null;
let ipc: IpcBinding | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting: 'no' | 'closing' | 'closed' = 'no';
const dataDir = app.getPath('userData');
const logger = openLog(dataPaths(dataDir).logs, !app.isPackaged);

function showWindow(): void {
  if (mainWindow === null || mainWindow.isDestroyed()) {
    mainWindow = createStudioWindow({
      userData: dataDir,
      preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
      startUrl: devServerUrl ?? `${APP_ORIGIN}/`,
      isTrustedUrl,
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  const binding = configureSqliteBinding(appRoot);
  logger.log(`[app] Reelforge ${app.getVersion()} on Electron ${process.versions.electron}; data ${dataDir}; sqlite binding ${binding ?? 'node_modules (must match Electron ABI)'}`);
  if (app.isPackaged) process.env.REELFORGE_ASSETS_DIR ??= path.join(process.resourcesPath, 'assets');

  hardenSession(session.defaultSession, isDevServerUrl);
  handleAppProtocol({ rendererDir: path.join(mainDir, '..', 'renderer'), dataDir });

  const secrets = safeStorageSecrets(dataDir);
  // Shots (#11): the stock sites' keys, kept like the OpenAI key.
  const stockSecrets = { pexels: safeStorageSecrets(dataDir, PEXELS_SECRET), pixabay: safeStorageSecrets(dataDir, PIXABAY_SECRET) };
  const pexels = stockSecrets.pexels.get();
  const pixabay = stockSecrets.pixabay.get();
  // The saved key first, then OPENAI_API_KEY from the environment (issue 5).
  const apiKey = secrets.get() ?? (process.env.OPENAI_API_KEY || null);
  engine = await Engine.open({
    ...savedEngineOptions(dataDir, { apiKeySet: apiKey !== null, warn: logger.log }),
    dataDir,
    spawner: utilityProcessSpawner(logger.log),
    workerEntry: path.join(mainDir, 'media-worker.js'),
    ...(apiKey ? { apiKey } : {}),
    stockKeys: { ...(pexels ? { pexels } : {}), ...(pixabay ? { pixabay } : {}) },
    log: logger.log,
    warn: logger.log,
  });
  studio = new Studio({
    engine,
    dataDir,
    host: 'electron',
    fileUrl: (abs: string) => appFileUrl(dataDir, abs),
    openPath: async (p: string) => {
      const failure = await shell.openPath(p);
      if (failure) throw new Error(failure);
    },
    revealPath: (p: string) => shell.showItemInFolder(p),
    secrets,
    stockSecrets,
    ...(process.env.OPENAI_API_KEY ? { envApiKey: process.env.OPENAI_API_KEY } : {}),
  });
  ipc = bindIpc(studio, isTrustedUrl, logger.log);
  installMenu({ handlers: studio, dataDir, window: () => mainWindow, log: logger.log });
  trackBatchProgress(studio, () => mainWindow);
  showWindow();
}

/** Interrupt jobs and stop every worker before the process goes; runs once. */
async function shutdown(): Promise<void> {
  ipc?.dispose();
  await studio?.close();
  await engine?.close();
  logger.log('[app] closed cleanly');
  logger.close();
}

if (!app.requestSingleInstanceLock()) {
  // Another Reelforge owns this data folder; it will focus its window (second-instance below).
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => {
    if (engine !== null) showWindow();
  });
  app.on('window-all-closed', () => {
    // macOS keeps the app (and its batch) running in the dock; elsewhere closing the window quits.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting === 'closed') return;
    event.preventDefault();
    if (quitting === 'closing') return;
    quitting = 'closing';
    shutdown()
      .catch((err: unknown) => logger.log(`[app] shutdown: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        quitting = 'closed';
        app.quit();
      });
  });
  app.on('web-contents-created', (_event, contents) => {
    // Defence in depth for any webContents (devtools included): no new windows from page content.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.whenReady().then(start).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    logger.log(`[app] failed to start: ${message}`);
    dialog.showErrorBox('Reelforge could not start', message);
    app.exit(1);
  });
}
