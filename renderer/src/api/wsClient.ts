/**
 * ReelforgeApi over the browser host's WebSocket (contract.ts, "Browser host wire protocol").
 * Requests are numbered; replies settle them by id. Events fan out to local listeners (the
 * host pushes every stream; there is no subscribe message). When the socket drops, every
 * request in flight is rejected with a DisconnectedError (the host may or may not have run
 * it, so we never resend silently) and the client reconnects with capped, jittered backoff.
 */
import type { Channel, ChannelInput, ChannelResults, EventName, EventPayloads, ReelforgeApi, WsRequest, WsServerMessage } from '../types/contract';
import { backoffDelay } from './backoff';
import type { ConnectionListener, ConnectionState } from './connection';
import { ApiError, DisconnectedError } from './errors';

/** WebSocket.OPEN, spelled out so the client also runs where the global is absent (tests). */
const OPEN = 1;

interface Pending {
  channel: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export interface WsClient extends ReelforgeApi {
  onConnection(listener: ConnectionListener): () => void;
  readonly state: ConnectionState;
  close(): void;
}

export interface WsClientOptions {
  url: string;
  /** How long a request may wait for the socket to open before it fails. */
  connectTimeoutMs?: number;
  createSocket?: (url: string) => WebSocket;
}

export function createWsClient(opts: WsClientOptions): WsClient {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url));
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
  const pending = new Map<number, Pending>();
  /** Requests made while the socket is not open yet, sent in order once it opens. */
  const outbox: { frame: string; id: number; timer: ReturnType<typeof setTimeout> }[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const connectionListeners = new Set<ConnectionListener>();
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let closedByUser = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    for (const l of connectionListeners) l(next);
  }

  function connect(): void {
    setState('connecting');
    const ws = createSocket(opts.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      for (const item of outbox.splice(0)) {
        clearTimeout(item.timer);
        ws.send(item.frame);
      }
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') handleMessage(ev.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failInFlight();
      setState('closed');
      if (!closedByUser) scheduleReconnect();
    };
    // An error is always followed by close; close does the work.
    ws.onerror = () => undefined;
  }

  function scheduleReconnect(): void {
    const delay = backoffDelay(attempt++);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function failInFlight(): void {
    for (const [id, p] of pending) {
      // Requests still in the outbox were never sent; they keep waiting for the next socket.
      if (outbox.some((o) => o.id === id)) continue;
      pending.delete(id);
      p.reject(new DisconnectedError(p.channel));
    }
  }

  function handleMessage(text: string): void {
    let msg: WsServerMessage;
    try {
      msg = JSON.parse(text) as WsServerMessage;
    } catch {
      return;
    }
    if ('event' in msg) {
      const set = listeners.get(msg.event);
      if (set) for (const l of set) (l as (p: unknown) => void)(msg.payload);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new ApiError(msg.error));
  }

  function invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResults[C]> {
    if (closedByUser) return Promise.reject(new Error('The Reelforge connection is closed.'));
    const id = nextId++;
    const frame = JSON.stringify({ id, channel, input } satisfies WsRequest);
    return new Promise<ChannelResults[C]>((resolve, reject) => {
      pending.set(id, { channel, resolve: resolve as (v: unknown) => void, reject });
      if (socket && socket.readyState === OPEN) {
        socket.send(frame);
        return;
      }
      const timer = setTimeout(() => {
        const i = outbox.findIndex((o) => o.id === id);
        if (i >= 0) outbox.splice(i, 1);
        pending.delete(id);
        reject(new Error(`Could not reach Reelforge to run "${channel}". Is \`reelforge serve\` still running?`));
      }, connectTimeoutMs);
      outbox.push({ frame, id, timer });
    });
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as (payload: never) => void;
    set.add(l);
    return () => set.delete(l);
  }

  connect();

  return {
    invoke,
    on,
    pathForFile: () => null,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    get state() {
      return state;
    },
    close() {
      closedByUser = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}
