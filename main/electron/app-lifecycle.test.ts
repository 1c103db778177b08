import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID, appUserModelId, desktopPaths, quitHandler, StudioWindowSlot, type WindowLike } from './app-lifecycle.js';

describe('desktopPaths', () => {
  it('puts Chromium\'s session data in chromium/ inside the data folder (D13)', () => {
    expect(desktopPaths({}, '/home/u/.config')).toEqual({ userData: '/home/u/.config/Reelforge', sessionData: '/home/u/.config/Reelforge/chromium' });
    expect(desktopPaths({ REELFORGE_DATA_DIR: '/tmp/rf' }, '/x')).toEqual({ userData: path.resolve('/tmp/rf'), sessionData: path.resolve('/tmp/rf', 'chromium') });
    expect(desktopPaths({ REELFORGE_DATA_DIR: '  ' }, '/x').userData).toBe(path.join('/x', 'Reelforge'));
  });
});

describe('appUserModelId (D6)', () => {
  it('is the installer\'s appId when packaged, the executable in development', () => {
    expect(appUserModelId(true, 'C:\\Reelforge\\Reelforge.exe')).toBe(APP_ID);
    expect(appUserModelId(false, 'C:\\src\\node_modules\\electron\\dist\\electron.exe')).toBe('C:\\src\\node_modules\\electron\\dist\\electron.exe');
  });
  it('matches electron-builder.yml appId (the Start-menu shortcut carries it)', () => {
    expect(readFileSync(path.resolve('electron-builder.yml'), 'utf8')).toMatch(new RegExp(`^appId: ${APP_ID.replace(/\./g, '\\.')}$`, 'm'));
  });
});

class FakeWindow implements WindowLike {
  destroyed = false;
  minimized = false;
  focused = 0;
  restored = 0;
  private closed: (() => void)[] = [];
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.restored++;
  }
  focus() {
    this.focused++;
  }
  on(_event: 'closed', cb: () => void) {
    this.closed.push(cb);
  }
  close() {
    this.destroyed = true;
    for (const cb of this.closed) cb();
  }
}

describe('StudioWindowSlot (R5)', () => {
  it('a second launch during start-up creates no window; after start-up it focuses the one window', () => {
    const made: FakeWindow[] = [];
    const slot = new StudioWindowSlot(() => {
      const w = new FakeWindow();
      made.push(w);
      return w;
    });
    slot.show(); // second-instance while Engine.open runs
    expect(made).toHaveLength(0);
    slot.open();
    expect(made).toHaveLength(1);
    made[0]!.minimized = true;
    slot.show();
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ restored: 1, focused: 1 });
    made[0]!.close();
    expect(slot.current).toBeNull();
    slot.show(); // dock click after the window was closed (macOS)
    expect(made).toHaveLength(2);
  });
});

function manualTimers() {
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t: unknown) => {
      (t as { cleared: boolean }).cleared = true;
    },
  };
}

describe('quitHandler (R7)', () => {
  it('holds the first quit until shutdown ends, swallows repeats, then lets the quit through', async () => {
    const t = manualTimers();
    let finish: () => void = () => {};
    const calls: string[] = [];
    const onQuit = quitHandler({
      shutdown: () => new Promise<void>((r) => (finish = r)),
      quit: () => calls.push('quit'),
      exit: (c) => calls.push(`exit ${c}`),
      log: (l) => calls.push(l),
      ...t,
    });
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    onQuit(event);
    onQuit(event); // Cmd+Q again while closing
    expect(prevented).toBe(2);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['quit']);
    expect(t.timers[0]?.cleared).toBe(true);
    onQuit(event); // the quit() above comes back through before-quit
    expect(prevented).toBe(2);
  });

  it('exits when shutdown hangs past the deadline', async () => {
    const t = manualTimers();
    const calls: string[] = [];
    const onQuit = quitHandler({ shutdown: () => new Promise<void>(() => {}), quit: () => calls.push('quit'), exit: (c) => calls.push(`exit ${c}`), log: (l) => calls.push(l), deadlineMs: 15_000, ...t });
    onQuit({ preventDefault() {} });
    expect(t.timers[0]?.ms).toBe(15_000);
    t.timers[0]!.fn();
    expect(calls[0]).toMatch(/did not finish in 15 s/);
    expect(calls[1]).toBe('exit 0');
  });

  it('a failing shutdown is logged and the app still quits', async () => {
    const t = manualTimers();
    const calls: string[] = [];
    quitHandler({ shutdown: () => Promise.reject(new Error('db locked')), quit: () => calls.push('quit'), exit: () => calls.push('exit'), log: (l) => calls.push(l), ...t })({ preventDefault() {} });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['[app] shutdown: db locked', 'quit']);
  });
});
