/**
 * Where the desktop app learns which paths the user chose, so the studio may read them (DESIGN
 * §7; main/core/studio/path-guard.ts). Only two sources are trusted, and neither is a string the
 * page sends with a request:
 *
 * - a dialog the main process opened itself (File → Add Files…: menu.ts calls `grant`);
 * - a drop or a file pick, whose path the preload reads with webUtils.getPathForFile and reports
 *   here on CHOSEN_PATHS_CHANNEL. Page scripts cannot reach ipcRenderer, and getPathForFile
 *   gives a path only for a File the user really dropped or picked (none for a File made in
 *   script), so a compromised page can name paths in `queue.addFiles` but cannot widen what
 *   may be read. The sender is checked like every IPC call (our app's main frame).
 */
import { ipcMain, type IpcMainEvent } from 'electron';
import { senderIsTrusted } from './ipc.js';

/** Must match preload/index.ts. */
export const CHOSEN_PATHS_CHANNEL = 'rf:chosen-paths';
/** A drop or pick reports its files one call at a time; more than this at once is not a user. */
const MAX_PATHS = 1000;

export interface ChosenPaths {
  dispose(): void;
}

export function bindChosenPaths(grant: (paths: string[]) => void, isTrustedUrl: (url: string) => boolean, log: (line: string) => void): ChosenPaths {
  const onChosen = (event: IpcMainEvent, paths: unknown): void => {
    if (!senderIsTrusted(event, isTrustedUrl)) {
      log(`[ipc] refused chosen paths from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return;
    }
    if (!Array.isArray(paths) || paths.length > MAX_PATHS) return;
    grant(paths.filter((p): p is string => typeof p === 'string' && p !== '' && p.length <= 4096));
  };
  ipcMain.on(CHOSEN_PATHS_CHANNEL, onChosen);
  return { dispose: () => void ipcMain.removeListener(CHOSEN_PATHS_CHANNEL, onChosen) };
}
