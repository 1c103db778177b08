/**
 * The one way panels reach the privileged side. In Electron the preload exposes
 * `window.reelforge`; in a browser (reelforge serve) we speak the WebSocket protocol instead.
 */
import type { DesktopBridge, ReelforgeApi } from '../types/contract';
import type { ConnectionListener } from './connection';
import { desktopApi } from './desktopApi';
import { readToken, socketUrl } from './token';
import { createWsClient, type WsClient } from './wsClient';

declare global {
  interface Window {
    reelforge?: DesktopBridge;
  }
}

let api: ReelforgeApi | null = null;
let ws: WsClient | null = null;

export function getApi(): ReelforgeApi {
  if (api) return api;
  if (window.reelforge) {
    api = desktopApi(window.reelforge);
  } else {
    ws = createWsClient({ url: socketUrl(window.location, readToken(window.location.search)) });
    api = ws;
  }
  return api;
}

/** True in the desktop app, where dropped files have real paths and need no upload. */
export function isDesktop(): boolean {
  return window.reelforge !== undefined;
}

/** Connection changes (the desktop IPC never drops, so it reports `open` once). */
export function onConnection(listener: ConnectionListener): () => void {
  getApi();
  if (!ws) {
    listener('open');
    return () => undefined;
  }
  listener(ws.state);
  return ws.onConnection(listener);
}

/** For tests and previews: use a fake implementation. */
export function setApiForTesting(fake: ReelforgeApi | null): void {
  api = fake;
  ws = null;
}
