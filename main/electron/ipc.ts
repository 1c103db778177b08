/**
 * The contract over Electron IPC. One `ipcMain.handle('rf:<channel>')` per contract channel;
 * every call is checked for *who* sent it (the main frame of one of our windows, showing our own
 * app URL — security checklist #17) and *what* it sent (the contract's zod schema, dispatch.ts).
 * Replies are `{ok, result}` or `{ok:false, error}` values rather than thrown errors, because a
 * throw through `handle` reaches the page as a bare message string (electron#24427).
 * Events go to our windows as `rf:event:<name>`; the preload strips the IpcRendererEvent.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { channels, type ContractHandlers, type EventName } from '../core/contract.js';
import { dispatch, type DispatchResult } from '../host/dispatch.js';
import { subscribeAll, type EventSource } from '../host/event-names.js';

export const INVOKE_PREFIX = 'rf:';
export const EVENT_PREFIX = 'rf:event:';

export interface IpcBinding {
  dispose(): void;
}

/** The page is ours if its main frame shows our app origin (app://reelforge, or the dev server). */
export function senderIsTrusted(event: Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame' | 'sender'>, isTrustedUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.isDestroyed()) return false;
  // Subframes never need the API; a compromised or injected iframe must not get it.
  if (frame !== event.sender.mainFrame) return false;
  return isTrustedUrl(frame.url);
}

export function bindIpc(handlers: ContractHandlers & EventSource, isTrustedUrl: (url: string) => boolean, log: (line: string) => void): IpcBinding {
  const names = Object.keys(channels);
  for (const channel of names) {
    ipcMain.handle(`${INVOKE_PREFIX}${channel}`, async (event, input: unknown): Promise<DispatchResult> => {
      if (!senderIsTrusted(event, isTrustedUrl)) {
        log(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: { kind: 'usage', message: 'This page may not use the Reelforge API.' } };
      }
      const reply = await dispatch(handlers, channel, input);
      if (!reply.ok && reply.error.kind === 'internal') log(`[ipc] ${channel} failed: ${reply.error.message}`);
      return reply;
    });
  }

  const unsubscribe = subscribeAll(handlers, (event: EventName, payload: unknown) => {
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      if (contents.isDestroyed() || !isTrustedUrl(contents.getURL())) continue;
      contents.send(`${EVENT_PREFIX}${event}`, payload);
    }
  });

  return {
    dispose() {
      unsubscribe();
      for (const channel of names) ipcMain.removeHandler(`${INVOKE_PREFIX}${channel}`);
    },
  };
}
