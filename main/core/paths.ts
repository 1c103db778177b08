import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder Electron's app.getPath('userData') gives for the product name "Reelforge",
 * so the desktop app and the CLI share one cache and queue by default. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = env.REELFORGE_DATA_DIR;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return path.resolve(fromEnv);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Reelforge');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Reelforge');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Reelforge');
}

/** The project root (where package.json and assets/ live), from source or from dist/. */
export function projectRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // main/core → root; dist/main/core → root
  const up2 = path.resolve(here, '..', '..');
  return path.basename(up2) === 'dist' ? path.dirname(up2) : up2;
}

export function assetsDir(): string {
  return process.env.REELFORGE_ASSETS_DIR ?? path.join(projectRoot(), 'assets');
}

export interface DataPaths {
  root: string;
  appDb: string;
  cacheDir: string;
  cacheDb: string;
  uploads: string;
  logs: string;
  /** What ffmpeg and the voice engine said about themselves (main/core/binaries/tool-memo.ts). */
  toolMemo: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    appDb: path.join(root, 'reelforge.db'),
    cacheDir: path.join(root, 'cache'),
    cacheDb: path.join(root, 'cache', 'cache.db'),
    uploads: path.join(root, 'uploads'),
    logs: path.join(root, 'logs'),
    toolMemo: path.join(root, 'tool-memo.json'),
  };
}
