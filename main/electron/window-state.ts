/**
 * Remembers the window's size and position in `<userData>/window-state.json`. Saved bounds are
 * used only if they still overlap a connected display (a monitor may have been unplugged), and
 * saving is debounced because 'move'/'resize' fire continuously while dragging.
 */
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { bounds: { x: 0, y: 0, width: 1280, height: 820 }, maximized: false };

function isRect(v: unknown): v is Rectangle {
  const r = v as Record<string, unknown> | null;
  return r !== null && typeof r === 'object' && ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(r[k]));
}

function visibleOnSomeDisplay(b: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea: d }) => b.x < d.x + d.width && b.x + b.width > d.x && b.y < d.y + d.height && b.y + b.height > d.y);
}

export function loadWindowState(userData: string): { state: WindowState; positioned: boolean } {
  try {
    const raw = JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8')) as { bounds?: unknown; maximized?: unknown };
    if (isRect(raw.bounds) && raw.bounds.width >= 480 && raw.bounds.height >= 360 && visibleOnSomeDisplay(raw.bounds)) {
      return { state: { bounds: raw.bounds, maximized: raw.maximized === true }, positioned: true };
    }
  } catch {
    // First run or an unreadable file: default size, centred.
  }
  return { state: DEFAULT_STATE, positioned: false };
}

export function trackWindowState(win: BrowserWindow, userData: string): void {
  const file = path.join(userData, 'window-state.json');
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    // Normal bounds, so a maximised window restores to the size it had before.
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch {
      // Losing the window position is not worth interrupting the user for.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}
