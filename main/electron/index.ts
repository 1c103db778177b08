/**
 * The desktop app's main process: one studio window over one Engine + Studio on the user's data
 * folder (`app.getPath('userData')`, the same folder the CLI uses by default; REELFORGE_DATA_DIR
 * overrides it, which the e2e tests use for a fresh folder per test).
 *
 * Start-up order matters: the app:// scheme is registered, the data folder created and Chromium's
 * session data moved into its own subfolder before 'ready'; the single-instance lock is taken
 * before anything touches the data folder (two processes must not both own the SQLite files); the
 * Electron-ABI better-sqlite3 binding is chosen before the Engine opens; the window opens only
 * once the IPC handlers exist. A failure to start opens a dialog that explains it and, for a
 * missing ffmpeg, lets the user pick one and try again (startup-failure.ts).
 * Quitting closes the Engine first (running jobs are interrupted and resume next launch; every
 * worker and its ffmpeg is killed), within a deadline (app-lifecycle.ts), then lets the app exit.
 */
import { app, dialog, session, shell, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAppDb } from '../core/batch/app-db.js';
import { Engine } from '../core/engine.js';
import { locateFfmpeg } from '../core/media/ffmpeg-locate.js';
import { dataPaths } from '../core/paths.js';
import { startupEngineOptions } from '../core/settings/engine-options.js';
import { installLastDefence } from '../host/last-defence.js';
import { bindChosenPaths, type ChosenPaths } from './chosen-paths.js';
import { Studio } from '../core/studio/studio.js';
import { appUserModelId, desktopPaths, quitHandler, StudioWindowSlot } from './app-lifecycle.js';
import { APP_ORIGIN, appFileUrl, DESKTOP_CSP, handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { trackBatchProgress } from './batch-progress.js';
import { bindIpc, type IpcBinding } from './ipc.js';
import { openLog } from './log.js';
import { installMenu } from './menu.js';
import { openSafeStorageSecrets, openServiceSecrets, type DesktopSecretStore } from './secrets.js';
import { serviceKeyStores } from '../host/key-file.js';
import type { ServiceKeyName } from '../core/settings/service-keys.js';
import { hardenSession } from './session-policy.js';
import { configureSqliteBinding } from './sqlite-binding.js';
import { recoverFromStartupFailure } from './startup-failure.js';
import { utilityProcessSpawner } from './utility-spawner.js';
import { createStudioWindow } from './window.js';

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
// package.json's lower-case name would give. Created first: a fresh install has no folder yet.
const { userData: dataDir, sessionData } = desktopPaths(process.env, app.getPath('appData'));
mkdirSync(sessionData, { recursive: true });
app.setPath('userData', dataDir);
app.setPath('sessionData', sessionData);
if (process.platform === 'win32') app.setAppUserModelId(appUserModelId(app.isPackaged, process.execPath));

const paths = dataPaths(dataDir);
const logger = openLog(paths.logs, !app.isPackaged);
// An error escaping one job fails that job and is logged; the app and its other jobs carry on.
installLastDefence(logger.log);
let engine: Engine | null = null;
let studio: Studio | null = null;
let ipc: IpcBinding | null = null;
let chosenPaths: ChosenPaths | null = null;
let secrets: DesktopSecretStore | null = null;
/** Shots (#11): the stock sites' keys, kept like the OpenAI key. */
let serviceStores: Record<ServiceKeyName, DesktopSecretStore> | null = null;
let desktopWired = false;

const studioWindow = new StudioWindowSlot<BrowserWindow>(() =>
  createStudioWindow({
    userData: dataDir,
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    startUrl: devServerUrl ?? `${APP_ORIGIN}/`,
    isTrustedUrl,
  }),
);

/** Opens the Engine and the Studio on the data folder and binds them to the window. */
async function openStudio(): Promise<void> {
  const binding = configureSqliteBinding({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot, env: process.env });
  logger.log(`[app] Reelforge ${app.getVersion()} on Electron ${process.versions.electron}; data ${dataDir}; sqlite binding ${binding ?? 'node_modules (must match Electron ABI)'}`);
  if (app.isPackaged) process.env.REELFORGE_ASSETS_DIR ??= path.join(process.resourcesPath, 'assets');

  secrets ??= await openSafeStorageSecrets(dataDir, { log: logger.log });
  serviceStores ??= await openServiceSecrets(dataDir, { log: logger.log });
  // The stock sites' and ElevenLabs' keys: saved in Settings, else their environment variables.
  const serviceKeys = serviceKeyStores(serviceStores);
  const pexels = serviceKeys.pexels.get();
  const pixabay = serviceKeys.pixabay.get();
  // The saved key where it was saved for, else OPENAI_API_KEY with its own OPENAI_BASE_URL.
  engine = await Engine.open({
    ...(await startupEngineOptions(dataDir, { saved: secrets.get(), warn: logger.log, elevenlabsKey: serviceKeys.elevenlabs.get() })),
    dataDir,
    spawner: utilityProcessSpawner(logger.log),
    workerEntry: path.join(mainDir, 'media-worker.js'),
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
    serviceKeys,
    ...(process.env.OPENAI_API_KEY ? { envApiKey: process.env.OPENAI_API_KEY } : {}),
  });
  ipc = bindIpc(studio, isTrustedUrl, logger.log);
  // What the user chose (its dialogs, the preload's drops) is the only way a path becomes readable.
  const grant = (chosen: string[]): void => studio?.grant(chosen);
  chosenPaths = bindChosenPaths(grant, isTrustedUrl, logger.log);
  if (!desktopWired) {
    desktopWired = true;
    installMenu({ handlers: studio, grant, dataDir, window: () => studioWindow.current, log: logger.log });
    trackBatchProgress(studio, () => studioWindow.current);
  }
  studioWindow.open();
}

/** Interrupt jobs and stop every worker before the process goes; runs once. */
async function shutdown(): Promise<void> {
  ipc?.dispose();
  ipc = null;
  chosenPaths?.dispose();
  chosenPaths = null;
  await studio?.close();
  studio = null;
  await engine?.close();
  engine = null;
  await secrets?.flush();
  await Promise.all(Object.values(serviceStores ?? {}).map((s) => s.flush()));
}

/** Start, and while start-up fails, explain why and let the user fix it (or quit). */
async function start(): Promise<void> {
  hardenSession(session.defaultSession, { isTrustedUrl, isDevServerUrl, productionCsp: DESKTOP_CSP, devNonce: process.env.REELFORGE_DEV_CSP_NONCE });
  handleAppProtocol({ rendererDir: path.join(mainDir, '..', 'renderer'), dataDir });
  for (;;) {
    try {
      await openStudio();
      return;
    } catch (err) {
      logger.log(`[app] failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      await shutdown().catch(() => undefined);
      const next = await recoverFromStartupFailure(err, { dataDir, logsDir: paths.logs, logFile: path.join(paths.logs, 'main.log') }, {
        ask: async (o) => (await dialog.showMessageBox({ type: 'error', title: 'Reelforge', noLink: true, ...o })).response,
        pickFile: async (title) => {
          const picked = await dialog.showOpenDialog({ title, properties: ['openFile', 'dontAddToRecent'] });
          return picked.canceled ? null : (picked.filePaths[0] ?? null);
        },
        checkFfmpeg: async (file) => {
          await locateFfmpeg({ setting: file });
        },
        saveFfmpegPath: async (file) => {
          // Loaded here only: a normal start does not need the settings schema.
          const { SettingsStore } = await import('../core/settings/store.js');
          const db = openAppDb(dataDir);
          try {
            new SettingsStore({ db, dataDir, apiKeySet: () => false }).set({ ffmpegPath: file });
          } finally {
            db.close();
          }
        },
        showFolder: (dir) => void shell.openPath(dir),
      });
      if (next === 'quit') {
        logger.close();
        app.exit(1);
        return;
      }
    }
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another Reelforge owns this data folder; it will focus its window (second-instance below).
  app.quit();
} else {
  app.on('second-instance', () => studioWindow.show());
  app.on('activate', () => studioWindow.show());
  app.on('window-all-closed', () => {
    // macOS keeps the app (and its batch) running in the dock; elsewhere closing the window quits.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on(
    'before-quit',
    quitHandler({
      shutdown: async () => {
        await shutdown();
        logger.log('[app] closed cleanly');
        logger.close();
      },
      quit: () => app.quit(),
      exit: (code) => app.exit(code),
      log: logger.log,
    }),
  );
  app.on('web-contents-created', (_event, contents) => {
    // Defence in depth for any webContents (devtools included): no new windows from page content.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.whenReady().then(start).catch((err: unknown) => {
    // Only a failure of the recovery dialog itself lands here.
    logger.log(`[app] failed to start: ${err instanceof Error ? err.message : String(err)}`);
    dialog.showErrorBox('Reelforge could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
