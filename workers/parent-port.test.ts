/**
 * flush() under Electron's utilityProcess (process.parentPort, faked here): the worker's last
 * reply is followed by 'flush', and the exit waits for the parent's 'flushed' (desktop-review R8).
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';

class FakeParentPort extends EventEmitter {
  posted: unknown[] = [];
  answer = true;
  postMessage(msg: unknown): void {
    this.posted.push(msg);
    const m = msg as { type?: string; token?: number };
    if (m.type === 'flush' && this.answer) setTimeout(() => this.emit('message', { data: { type: 'flushed', token: m.token } }), 20);
  }
}

const proc = process as unknown as { parentPort?: FakeParentPort };

async function loadWith(port: FakeParentPort) {
  vi.resetModules();
  proc.parentPort = port;
  return import('./parent-port.js');
}

afterEach(() => {
  delete proc.parentPort;
});

describe('parent-port flush over a utilityProcess port', () => {
  it('resolves only after the parent acknowledged everything sent before it', async () => {
    const port = new FakeParentPort();
    const { send, flush, onMessage } = await loadWith(port);
    const seen: unknown[] = [];
    onMessage((m) => seen.push(m));
    send({ type: 'error', id: 'j1', error: { kind: 'internal', message: 'boom' } });
    let flushed = false;
    const p = flush(5000).then(() => (flushed = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(flushed).toBe(false);
    await p;
    expect(port.posted).toEqual([{ type: 'error', id: 'j1', error: { kind: 'internal', message: 'boom' } }, { type: 'flush', token: 1 }]);
    // The acknowledgement is flush()'s business; the worker never sees it.
    port.emit('message', { data: { type: 'shutdown' } });
    expect(seen).toEqual([{ type: 'shutdown' }]);
    expect(port.listenerCount('message')).toBe(1);
  });

  it('gives up waiting after the timeout when the parent never answers', async () => {
    const port = new FakeParentPort();
    port.answer = false;
    const { flush } = await loadWith(port);
    await flush(50);
    expect(port.posted).toEqual([{ type: 'flush', token: 1 }]);
    expect(port.listenerCount('message')).toBe(0);
  });
});
