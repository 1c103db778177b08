/**
 * The browser host's stand-in for ipcMain/webContents.send: one WebSocket per page at `/ws`.
 * Requests are `{id, channel, input}` (WsRequest) answered with `{id, ok, result|error}`;
 * events go to every connected page as `{event, payload}`. Authentication happens on the HTTP
 * upgrade in server.ts, so every socket that reaches here is already trusted to *ask* — what it
 * asks is still validated (dispatch.ts) because the page is untrusted input.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContractHandlers, EventName, WsServerMessage } from '../core/contract.js';
import { dispatch } from '../host/dispatch.js';
import { subscribeAll, type EventSource } from '../host/event-names.js';

/** A page that stops reading would otherwise grow our memory without bound; it reconnects and re-fetches. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Requests are small JSON; uploads go over HTTP. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface WsBridge {
  wss: WebSocketServer;
  close(): Promise<void>;
}

/** `msg` as JSON, or already serialised (an event goes to every page: encoded once, not per page). */
function send(ws: WebSocket, msg: WsServerMessage | string): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
}

function parseRequestFrame(data: string): { id: number; channel: unknown; input: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'number' || !Number.isSafeInteger(v.id)) return null;
  return { id: v.id, channel: v.channel, input: v.input };
}

export function createWsBridge(handlers: ContractHandlers & EventSource, log: (line: string) => void = () => {}): WsBridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const unsubscribe = subscribeAll(handlers, (event: EventName, payload: unknown) => {
    if (wss.clients.size === 0) return;
    const text = JSON.stringify({ event, payload } satisfies WsServerMessage);
    for (const client of wss.clients) send(client, text);
  });

  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'Text frames only');
        return;
      }
      const frame = parseRequestFrame(data.toString());
      if (frame === null) {
        // Without a numeric id there is nothing to reply to; a broken client should see why it was dropped.
        ws.close(1007, 'Expected {id, channel, input} JSON');
        return;
      }
      void dispatch(handlers, frame.channel, frame.input).then((reply) => {
        send(ws, reply.ok ? { id: frame.id, ok: true, result: reply.result } : { id: frame.id, ok: false, error: reply.error });
        if (!reply.ok && reply.error.kind === 'internal') log(`[ws] ${String(frame.channel)} failed: ${reply.error.message}`);
      });
    });
    ws.on('error', (err) => log(`[ws] ${err.message}`));
  });

  return {
    wss,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
