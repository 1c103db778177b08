import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, DisconnectedError } from './errors';
import { createWsClient } from './wsClient';

/** Just enough of a WebSocket for the client: tests open, answer and drop it by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(public url: string) {
    FakeSocket.all.push(this);
  }
  send(frame: string) {
    this.sent.push(frame);
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  reply(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  lastRequest(): { id: number; channel: string; input: unknown } {
    return JSON.parse(this.sent.at(-1)!) as { id: number; channel: string; input: unknown };
  }
}

function client() {
  return createWsClient({ url: 'ws://h/ws?token=t', createSocket: (u) => new FakeSocket(u) as unknown as WebSocket, connectTimeoutMs: 1000 });
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('createWsClient', () => {
  it('queues requests until the socket opens, then settles them by id', async () => {
    const c = client();
    const sock = FakeSocket.all[0]!;
    expect(sock.url).toBe('ws://h/ws?token=t');
    const p = c.invoke('cache.stats', {});
    expect(sock.sent).toHaveLength(0);
    sock.open();
    const req = sock.lastRequest();
    expect(req).toMatchObject({ channel: 'cache.stats', input: {} });
    sock.reply({ id: req.id, ok: true, result: { entries: 3 } });
    await expect(p).resolves.toEqual({ entries: 3 });
  });

  it('turns error replies into ApiError with kind and subject', async () => {
    const c = client();
    const sock = FakeSocket.all[0]!;
    sock.open();
    const p = c.invoke('job.retry', { jobId: 'x' });
    sock.reply({ id: sock.lastRequest().id, ok: false, error: { message: 'No such job', kind: 'input', subject: 'x' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ message: 'No such job', kind: 'input', subject: 'x' });
  });

  it('fans events out to listeners until they unsubscribe', () => {
    const c = client();
    const sock = FakeSocket.all[0]!;
    sock.open();
    const got: unknown[] = [];
    const off = c.on('notice', (n) => got.push(n.message));
    sock.reply({ event: 'notice', payload: { level: 'info', message: 'hi' } });
    off();
    sock.reply({ event: 'notice', payload: { level: 'info', message: 'again' } });
    sock.onmessage?.({ data: 'not json' });
    expect(got).toEqual(['hi']);
  });

  it('rejects in-flight requests on disconnect and reconnects with backoff', async () => {
    const c = client();
    const states: string[] = [];
    c.onConnection((s) => states.push(s));
    const sock = FakeSocket.all[0]!;
    sock.open();
    const p = c.invoke('queue.list', {});
    sock.drop();
    await expect(p).rejects.toBeInstanceOf(DisconnectedError);
    await expect(p).rejects.toThrow(/Lost the connection/);
    expect(c.state).toBe('closed');
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.open();
    expect(states).toEqual(['open', 'closed', 'connecting', 'open']);
  });

  it('a request that cannot be sent in time fails with a clear message', async () => {
    const c = client();
    const p = c.invoke('app.info', {});
    vi.advanceTimersByTime(1001);
    await expect(p).rejects.toThrow(/Could not reach Reelforge/);
    FakeSocket.all[0]!.open();
    expect(FakeSocket.all[0]!.sent).toHaveLength(0);
  });

  it('close stops reconnecting and refuses new requests', async () => {
    const c = client();
    FakeSocket.all[0]!.open();
    c.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    await expect(c.invoke('app.info', {})).rejects.toThrow(/closed/);
    expect(c.pathForFile({} as File)).toBeNull();
  });
});
