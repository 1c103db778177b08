import { EventEmitter } from 'node:events';
import { mkdtemp, mkdir, rm, symlink, writeFile, readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ContractHandlers, EventName, EventPayloads, WsServerMessage } from '../core/contract.js';
import type { EventSource } from '../host/event-names.js';
import { dataFileUrl, startWebHost, type WebHost } from './server.js';

const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';

/** Only the channels these tests call; anything else would throw, which is what we want to see. */
function fakeHandlers() {
  const emitter = new EventEmitter();
  const calls: { channel: string; input: unknown }[] = [];
  const handlers = {
    'app.info': async (input: unknown) => {
      calls.push({ channel: 'app.info', input });
      return { version: 'test', dataDir: '/x', ffmpeg: null, host: 'web', apiKeySet: false, envApiKey: false, providerInUse: 'offline' };
    },
    'job.cancel': async (input: { jobId: string }) => {
      calls.push({ channel: 'job.cancel', input });
      return { ok: true };
    },
    'queue.addFiles': async (input: { paths: string[] }) => {
      calls.push({ channel: 'queue.addFiles', input });
      return { batchId: 'b1', jobsAdded: 1, backgroundsAdded: [], errors: [] };
    },
    'job.retry': async () => {
      throw new Error('boom');
    },
    on<E extends EventName>(event: E, listener: (p: EventPayloads[E]) => void) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
  } as unknown as ContractHandlers & EventSource;
  return { handlers, emitter, calls };
}

let root: string;
let dataDir: string;
let rendererDir: string;
let host: WebHost;
let fake: ReturnType<typeof fakeHandlers>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'reelforge-web-'));
  dataDir = path.join(root, 'data');
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await mkdir(path.join(dataDir, 'out'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Reelforge</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dataDir, 'out', 'clip.mp4'), Buffer.from('0123456789'));
  await writeFile(path.join(dataDir, 'reelforge.db'), 'secret database');
  await writeFile(path.join(root, 'outside.mp4'), 'outside');
  await symlink(path.join(root, 'outside.mp4'), path.join(dataDir, 'out', 'escape.mp4'));
  fake = fakeHandlers();
  host = await startWebHost({ dataDir, port: 0, handlers: fake.handlers, rendererDir, token: TOKEN, maxUploadBytes: 1024 });
});

afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${host.port}`;

/** node:http rather than fetch: fetch forbids setting Host, which the rebinding test needs. */
function rawGet(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openWs(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, channel: string, input: unknown): Promise<WsServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as WsServerMessage;
      if ('id' in msg && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, input }));
  });
}

describe('authentication', () => {
  it('refuses HTTP requests without the token (401) and with a wrong one', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=nope`)).status).toBe(401);
    expect((await fetch(`${base()}/files/out/clip.mp4`)).status).toBe(401);
    expect((await fetch(`${base()}/upload?name=a.txt`, { method: 'POST', body: 'x' })).status).toBe(401);
  });

  it('accepts the token as query or bearer header, sets no cookie, and serves static assets and signed file URLs without it', async () => {
    const page = await fetch(`${base()}/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    // A cookie for 127.0.0.1 would reach every port: other local services, another host in the same browser.
    expect(page.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${base()}/files/out/clip.mp4`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base()}/assets/app.js`)).status).toBe(200);
    const signed = dataFileUrl(dataDir, path.join(dataDir, 'out', 'clip.mp4'), TOKEN) ?? '';
    expect((await fetch(`${base()}${signed}`)).status).toBe(200);
    // The signature is for that one file, and only for reading it.
    expect((await fetch(`${base()}${signed.replace('clip.mp4', 'escape.mp4')}`)).status).toBe(401);
    expect((await fetch(`${base()}/files/out/clip.mp4?sig=${'A'.repeat(43)}`)).status).toBe(401);
    expect((await fetch(`${base()}/?sig=${signed.split('sig=')[1] ?? ''}`)).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403 even with the token', async () => {
    expect((await rawGet(`/?token=${TOKEN}`, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await rawGet(`/?token=${TOKEN}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await rawGet(`/?token=${TOKEN}`, { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses WebSocket upgrades without the token (401) or from another origin (403)', async () => {
    await expect(openWs('')).rejects.toThrow('HTTP 401');
    await expect(openWs('?token=wrong')).rejects.toThrow('HTTP 401');
    await expect(openWs(`?token=${TOKEN}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ws = await openWs(`?token=${TOKEN}`, { Origin: `http://127.0.0.1:${host.port}` });
    ws.close();
  });
});

describe('static files', () => {
  it('serves the renderer with content types, the CSP and no-sniff', async () => {
    const res = await fetch(`${base()}/?token=${TOKEN}`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await fetch(`${base()}/assets/app.js?token=${TOKEN}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('rejects traversal, encoded traversal, absolute paths and symlink escapes', async () => {
    for (const p of ['/files/../reelforge.db', '/files/%2e%2e/outside.mp4', '/files/out/..%2F..%2Foutside.mp4', '/files/%2Fetc%2Fpasswd', '/files/out/escape.mp4', '/assets/..%2F..%2Fdata%2Freelforge.db', '/files/out%5C..%5Cclip.mp4']) {
      const res = await rawGet(`${p}${p.includes('?') ? '&' : '?'}token=${TOKEN}`);
      expect(res.status, p).toBe(404);
    }
  });

  it('serves only media from the data folder, never its databases', async () => {
    expect((await fetch(`${base()}/files/reelforge.db?token=${TOKEN}`)).status).toBe(404);
    const res = await fetch(`${base()}/files/out/clip.mp4?token=${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
  });

  it('answers byte ranges for video', async () => {
    const res = await fetch(`${base()}/files/out/clip.mp4?token=${TOKEN}`, { headers: { Range: 'bytes=2-5' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await res.text()).toBe('2345');
    const past = await fetch(`${base()}/files/out/clip.mp4?token=${TOKEN}`, { headers: { Range: 'bytes=50-' } });
    expect(past.status).toBe(416);
  });

  it('builds signed /files/ URLs only for media inside the data folder', () => {
    expect(dataFileUrl(dataDir, path.join(dataDir, 'out', 'my clip.mp4'), TOKEN)).toMatch(/^\/files\/out\/my%20clip\.mp4\?sig=[\w-]{43}$/);
    expect(dataFileUrl(dataDir, path.join(root, 'outside.mp4'), TOKEN)).toBeNull();
    expect(dataFileUrl(dataDir, path.join(dataDir, 'reelforge.db'), TOKEN)).toBeNull();
  });
});

describe('upload limits', () => {
  /** A second host on the same folders with tight limits, so nothing here depends on the real disk's size. */
  async function limitedHost(o: { maxConcurrentUploads?: number; uploadDiskReserveBytes?: number; maxUploadBytes?: () => Promise<number> }): Promise<WebHost> {
    return startWebHost({ dataDir, port: 0, handlers: fakeHandlers().handlers, rendererDir, token: TOKEN, ...o });
  }

  it('refuses an upload the disk cannot hold beyond the reserve kept for renders: 507 naming the folder, nothing written', async () => {
    const h = await limitedHost({ uploadDiskReserveBytes: 2 ** 52 });
    try {
      const res = await fetch(`http://127.0.0.1:${h.port}/upload?name=clip.mp4&token=${TOKEN}`, { method: 'POST', body: Buffer.alloc(2048) });
      expect(res.status).toBe(507);
      const { error } = (await res.json()) as { error: string };
      expect(error).toMatch(new RegExp(`^Not enough free disk in ${path.join(dataDir, 'uploads').replace(/[/\\]/g, '.')}: the upload needs about \\d+ MB, \\d+ MB free\\.`));
      expect((await readdir(path.join(dataDir, 'uploads'))).filter((f) => f.includes('clip'))).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('takes its per-file cap from the setting at each upload, and refuses uploads beyond the concurrent limit with 503', async () => {
    let cap = 1024;
    const h = await limitedHost({ maxConcurrentUploads: 1, maxUploadBytes: async () => cap });
    try {
      const url = `http://127.0.0.1:${h.port}/upload?name=a.mp4&token=${TOKEN}`;
      expect((await fetch(url, { method: 'POST', body: Buffer.alloc(2048) })).status).toBe(413);
      cap = 4096;
      expect((await fetch(url, { method: 'POST', body: Buffer.alloc(2048) })).status).toBe(200);
      // One upload still streaming holds the only slot.
      const slow = httpRequest({ host: '127.0.0.1', port: h.port, path: `/upload?name=slow.mp4&token=${TOKEN}`, method: 'POST', headers: { 'Content-Length': '100' } });
      slow.on('error', () => {});
      slow.write(Buffer.alloc(10));
      // Until the host has taken the slow one in, another may still get through.
      let busy = await fetch(url, { method: 'POST', body: Buffer.alloc(16) });
      for (let i = 0; i < 100 && busy.status === 200; i++) {
        await new Promise((r) => setTimeout(r, 20));
        busy = await fetch(url, { method: 'POST', body: Buffer.alloc(16) });
      }
      expect(busy.status).toBe(503);
      expect(((await busy.json()) as { error: string }).error).toMatch(/uploads are already in progress/);
      expect(busy.headers.get('retry-after')).toBe('1');
      slow.destroy();
    } finally {
      await h.close();
    }
  });
});

describe('upload', () => {
  it('stores the body under uploads/ with a sanitised name and returns the path', async () => {
    const res = await fetch(`${base()}/upload?name=${encodeURIComponent('../../My Topics!.txt')}&token=${TOKEN}`, { method: 'POST', body: 'one\ntwo\n' });
    expect(res.status).toBe(200);
    const { path: saved } = (await res.json()) as { path: string };
    expect(path.dirname(saved)).toBe(path.join(dataDir, 'uploads'));
    expect(path.basename(saved)).toMatch(/^[0-9a-f-]{36}-My_Topics_.txt$/);
    expect(await readFile(saved, 'utf8')).toBe('one\ntwo\n');
  });

  it('refuses bodies over the cap and leaves no partial file', async () => {
    const res = await fetch(`${base()}/upload?name=big.mp4&token=${TOKEN}`, { method: 'POST', body: Buffer.alloc(4096) });
    expect(res.status).toBe(413);
    const left = await readdir(path.join(dataDir, 'uploads'));
    expect(left.filter((f) => f.includes('big'))).toEqual([]);
  });
});

describe('WebSocket bridge', () => {
  it('calls the handler with validated input and replies with the result', async () => {
    const ws = await openWs(`?token=${TOKEN}`);
    const reply = await call(ws, 1, 'job.cancel', { jobId: 'j1' });
    expect(reply).toEqual({ id: 1, ok: true, result: { ok: true } });
    expect(fake.calls).toContainEqual({ channel: 'job.cancel', input: { jobId: 'j1' } });
    ws.close();
  });

  it('rejects an invalid payload with a message naming the field, before the handler runs', async () => {
    const ws = await openWs(`?token=${TOKEN}`);
    const before = fake.calls.length;
    const reply = await call(ws, 2, 'job.cancel', { jobId: 42 });
    expect(reply).toMatchObject({ id: 2, ok: false, error: { kind: 'usage', subject: 'jobId' } });
    expect(JSON.stringify(reply)).toContain('jobId');
    expect(fake.calls.length).toBe(before);
    ws.close();
  });

  it('rejects unknown channels and returns handler errors without a stack', async () => {
    const ws = await openWs(`?token=${TOKEN}`);
    expect(await call(ws, 3, 'fs.readFile', {})).toMatchObject({ id: 3, ok: false, error: { kind: 'usage' } });
    const failed = await call(ws, 4, 'job.retry', { jobId: 'x' });
    expect(failed).toEqual({ id: 4, ok: false, error: { kind: 'internal', message: 'boom' } });
    ws.close();
  });

  it('adds only files that were uploaded through the host', async () => {
    const ws = await openWs(`?token=${TOKEN}`);
    const refused = await call(ws, 5, 'queue.addFiles', { paths: ['/etc/passwd'] });
    expect(refused).toMatchObject({ id: 5, ok: false, error: { kind: 'usage', subject: 'paths' } });
    const uploaded = path.join(dataDir, 'uploads', 'x-topics.txt');
    expect(await call(ws, 6, 'queue.addFiles', { paths: [uploaded] })).toMatchObject({ id: 6, ok: true });
    expect(fake.calls).toContainEqual({ channel: 'queue.addFiles', input: { paths: [uploaded] } });
    ws.close();
  });

  it('forwards events to every connected client', async () => {
    const a = await openWs(`?token=${TOKEN}`);
    const b = await openWs(`?token=${TOKEN}`);
    const received = (ws: WebSocket) => new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    const [ra, rb] = [received(a), received(b)];
    fake.emitter.emit('notice', { level: 'info', message: 'hello' });
    const expected = { event: 'notice', payload: { level: 'info', message: 'hello' } };
    expect(await ra).toEqual(expected);
    expect(await rb).toEqual(expected);
    a.close();
    b.close();
  });
});
