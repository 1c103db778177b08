/**
 * The application menu: the usual Edit/View/Window roles (copy/paste and zoom need them), plus
 * "Add Files…" (the dialog path into the queue, same handler the drop uses) and "Show Data
 * Folder". Developer tools appear only in unpackaged builds.
 */
import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ContractHandlers } from '../core/contract.js';

export interface MenuDeps {
  handlers: ContractHandlers;
  /** Lets the studio read what the user picked in a dialog this process opened (chosen-paths.ts). */
  grant(paths: string[]): void;
  dataDir: string;
  window(): BrowserWindow | null;
  log(line: string): void;
}

const MEDIA_AND_LISTS = ['mp4', 'mov', 'm4v', 'webm', 'mkv', 'txt', 'csv', 'json'];

async function addFiles(deps: MenuDeps): Promise<void> {
  const win = deps.window();
  const options = { title: 'Add to queue', properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[], filters: [{ name: 'Clips and topic lists', extensions: MEDIA_AND_LISTS }] };
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  if (picked.canceled || picked.filePaths.length === 0) return;
  try {
    const paths = picked.filePaths.slice(0, 1000);
    deps.grant(paths);
    await deps.handlers['queue.addFiles']({ paths });
  } catch (err) {
    deps.log(`[menu] add files: ${err instanceof Error ? err.message : String(err)}`);
    dialog.showErrorBox('Could not add the files', err instanceof Error ? err.message : String(err));
  }
}

export function installMenu(deps: MenuDeps): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Add Files…', accelerator: 'CmdOrCtrl+O', click: () => void addFiles(deps) },
        { label: 'Show Data Folder', click: () => void shell.openPath(deps.dataDir) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Reelforge', click: () => app.showAboutPanel() }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
