/**
 * The desktop app's lifecycle rules, kept apart from Electron so they can be tested:
 * - where its folders are (the data folder, and Chromium's own files in a subfolder of it);
 * - which Windows AppUserModelId it runs under;
 * - when the studio window may open (not before start-up finished: desktop-review R5);
 * - quitting: interrupt and close everything once, but never hang (R7).
 */
import path from 'node:path';

/** electron-builder.yml appId: the Start-menu shortcut carries it, so toasts and taskbar grouping need it too. */
export const APP_ID = 'com.reelforge.app';

/**
 * Pure: the data folder (REELFORGE_DATA_DIR or <appData>/Reelforge, like the CLI's default) and
 * Chromium's session data inside it, under chromium/ — otherwise Chromium writes Cache/,
 * Local Storage/ … next to reelforge.db, and on case-insensitive disks its Cache/ is our cache/
 * (desktop-review D13).
 */
export function desktopPaths(env: NodeJS.ProcessEnv, appData: string): { userData: string; sessionData: string } {
  const fromEnv = env.REELFORGE_DATA_DIR?.trim();
  const userData = fromEnv ? path.resolve(fromEnv) : path.join(appData, 'Reelforge');
  return { userData, sessionData: path.join(userData, 'chromium') };
}

/**
 * Pure: the AppUserModelId to set on Windows (desktop-review D6). Packaged, the installer's
 * shortcut has APP_ID; unpackaged there is no shortcut, and Electron's documentation says to use
 * process.execPath so notifications still show.
 */
export function appUserModelId(isPackaged: boolean, execPath: string): string {
  return isPackaged ? APP_ID : execPath;
}

export interface WindowLike {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  on(event: 'closed', cb: () => void): unknown;
}

/**
 * The one studio window. `show()` (a second launch, a dock click) does nothing until `open()`,
 * which start-up calls once the IPC handlers exist: a window created earlier would send its
 * first requests to handlers that are not there yet.
 */
export class StudioWindowSlot<W extends WindowLike> {
  private win: W | null = null;
  private ready = false;

  constructor(private readonly create: () => W) {}

  get current(): W | null {
    return this.win !== null && !this.win.isDestroyed() ? this.win : null;
  }

  /** Start-up is done: show the window from now on. */
  open(): void {
    this.ready = true;
    this.show();
  }

  show(): void {
    if (!this.ready) return;
    const win = this.current;
    if (win === null) {
      const created = this.create();
      this.win = created;
      created.on('closed', () => {
        if (this.win === created) this.win = null;
      });
      return;
    }
    if (win.isMinimized()) win.restore();
    win.focus();
  }
}

export interface QuitDeps {
  /** Interrupt jobs, stop workers, close databases. */
  shutdown(): Promise<void>;
  /** app.quit(): runs before-quit again, which then lets the quit through. */
  quit(): void;
  /** app.exit(): no more events, the process ends. */
  exit(code: number): void;
  log(line: string): void;
  /** How long shutdown may take before the app exits anyway (default 15 s). */
  deadlineMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * The 'before-quit' handler: the first quit starts shutdown and holds the app until it is done;
 * more quits meanwhile are held too; after the deadline the app exits regardless. Jobs still
 * marked running then are found at the next start and marked interrupted (BatchQueue), so
 * nothing is lost either way.
 */
export function quitHandler(deps: QuitDeps): (event: { preventDefault(): void }) => void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    const deadlineMs = deps.deadlineMs ?? 15_000;
    const timer = setTimer(() => {
      deps.log(`[app] shutdown did not finish in ${deadlineMs / 1000} s; exiting (unfinished jobs resume next start)`);
      state = 'closed';
      deps.exit(0);
    }, deadlineMs);
    (timer as { unref?(): unknown }).unref?.();
    deps.shutdown()
      .catch((err: unknown) => deps.log(`[app] shutdown: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (state === 'closed') return;
        clearTimer(timer);
        state = 'closed';
        deps.quit();
      });
  };
}
