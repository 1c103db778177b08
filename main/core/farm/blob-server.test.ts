import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheStore } from '../cache/store.js';
import { checkInvariants, makeTempDir, testKey } from '../cache/test-support.js';
import { BlobClient } from './blob-client.js';
import { blobCacheKey, blobPath } from './blob-protocol.js';
import { startBlobServer, type BlobServer } from './blob-server.js';
import { RemoteCache } from './remote-cache.js';
import { recallDigest } from '../cache/content-digest.js';
import { recordingKey } from '../pipeline/stages/recording.js';
import { placedOnController } from './worker-render.js';
import { SourceRegistry } from './source-registry.js';

const TOKEN = 'farm-test-token';
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let dir: string;
let controllerCache: CacheStore;
let sources: SourceRegistry;
let server: BlobServer;

/** A proxy in front of the endpoint that flips one byte of every response body: corruption in transit. */
async function corruptingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const proxy = http.createServer((req, res) => {
    const up = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 500, upRes.headers);
      let first = true;
      upRes.on('data', (chunk: Buffer) => {
        if (first && chunk.length > 0) {
          chunk[0] = (chunk[0] as number) ^ 0xff;
          first = false;
        }
        res.write(chunk);
      });
      upRes.on('end', () => res.end());
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => new Promise((r) => {
      proxy.close(() => r());
      proxy.closeAllConnections();
    }),
  };
}

async function raw(method: string, p: string, opts: { token?: string | null; headers?: Record<string, string>; body?: Buffer } = {}): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TOKEN}`;
  const res = await fetch(`${server.url}${p}`, { method, headers, ...(opts.body ? { body: opts.body } : {}) });
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  dir = makeTempDir('farm-blob');
  controllerCache = CacheStore.open(path.join(dir, 'controller'));
  sources = new SourceRegistry(controllerCache);
  server = await startBlobServer({ cache: controllerCache, sources, token: TOKEN, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server.close();
  controllerCache.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the farm content endpoint', () => {
  it('binds the address it is given and wants the token on every route', async () => {
    expect(server.host).toBe('127.0.0.1');
    const digest = sha(Buffer.from('x'));
    for (const [method, p] of [['GET', '/farm/v1/health'], ['HEAD', blobPath(digest)], ['GET', blobPath(digest)], ['PUT', blobPath(digest)], ['POST', '/farm/v1/blobs/missing'], ['GET', `/farm/v1/results/${digest}?kind=json`]] as const) {
      expect((await raw(method, p, { token: null })).status, `${method} ${p} without a token`).toBe(401);
      expect((await raw(method, p, { token: 'wrong' })).status, `${method} ${p} with a wrong token`).toBe(401);
    }
    expect((await raw('GET', '/farm/v1/health', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect(JSON.parse((await raw('GET', '/farm/v1/health')).body)).toMatchObject({ ok: true });
  });

  it('stores an upload only when its bytes hash to the digest it claims; the first write wins', async () => {
    const bytes = Buffer.from('the compiled video, pretend');
    const digest = sha(bytes);
    const client = new BlobClient({ baseUrl: server.url, token: TOKEN });
    expect(await client.missing([digest])).toEqual([digest]);

    const liar = await raw('PUT', blobPath(digest), { body: Buffer.from('other bytes entirely') });
    expect(liar.status).toBe(422);
    expect(liar.body).toMatch(/corrupted in transit/);
    expect(controllerCache.peekFileBySha256(digest)).toBeNull();

    const file = path.join(dir, 'upload.mp4');
    fs.writeFileSync(file, bytes);
    expect(await client.upload(digest, file, '.mp4')).toBe('created');
    expect(await client.upload(digest, file, '.mp4')).toBe('exists');
    expect(await client.has(digest)).toBe(true);
    expect(await client.missing([digest, sha(Buffer.from('nope'))])).toEqual([sha(Buffer.from('nope'))]);
    const stored = controllerCache.peekFile(blobCacheKey(digest));
    expect(stored?.type).toBe('blob');
    expect(fs.readFileSync(stored?.path ?? '')).toEqual(bytes);
    client.close();
  });

  it('a blob corrupted in transit is refused and never reaches the worker\'s cache', async () => {
    const bytes = Buffer.from('a clip the worker needs '.repeat(100));
    const digest = sha(bytes);
    const file = path.join(dir, 'clip.mov');
    fs.writeFileSync(file, bytes);
    await sources.add(file, 'background clip');
    const proxy = await corruptingProxy(server.url);
    const workerCache = CacheStore.open(path.join(dir, 'worker-corrupt'));
    const logs: string[] = [];
    const client = new BlobClient({ baseUrl: proxy.url, token: TOKEN, log: (l) => logs.push(l) });
    try {
      await expect(new RemoteCache(workerCache, client).ensureBlob(digest, '.mov')).rejects.toThrow(/arrived corrupted twice/);
      expect(logs.some((l) => l.includes('arrived corrupted'))).toBe(true);
      expect(workerCache.peekFileBySha256(digest)).toBeNull();
      expect(fs.readdirSync(workerCache.tmpDir)).toEqual([]);
      // The same blob straight from the endpoint is fine.
      const direct = new BlobClient({ baseUrl: server.url, token: TOKEN });
      const hit = await new RemoteCache(workerCache, direct).ensureBlob(digest, '.mov');
      expect(fs.readFileSync(hit.path)).toEqual(bytes);
      // Checked as it arrived, so its digest is remembered: no stage key reads the copy again.
      expect(recallDigest(workerCache, hit.path, fs.statSync(hit.path))?.sha256).toBe(digest);
      direct.close();
    } finally {
      client.close();
      await proxy.close();
      workerCache.close();
    }
    expect(checkInvariants(path.join(dir, 'worker-corrupt')).problems).toEqual([]);
  });

  it('serves an input from where it is, and stops when the file changes', async () => {
    const file = path.join(dir, 'music.mp3');
    fs.writeFileSync(file, 'ID3 music bytes');
    const d = await sources.add(file, 'music');
    expect(d).toMatchObject({ sha256: sha(Buffer.from('ID3 music bytes')), size: 15, ext: '.mp3' });
    expect((await raw('GET', blobPath(d.sha256))).body).toBe('ID3 music bytes');
    fs.writeFileSync(file, 'ID3 other music');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await raw('GET', blobPath(d.sha256))).status).toBe(404);
  });

  it('a result computed on one worker is a hit on another, through the controller, with one copy of its bytes', async () => {
    const a = CacheStore.open(path.join(dir, 'worker-a'));
    const b = CacheStore.open(path.join(dir, 'worker-b'));
    const client = new BlobClient({ baseUrl: server.url, token: TOKEN });
    const remoteA = new RemoteCache(a, client);
    const remoteB = new RemoteCache(b, client);
    try {
      // Worker A computes a file stage and a JSON stage and delivers both.
      const tmp = a.tmpPath('.wav');
      fs.writeFileSync(tmp, Buffer.from('RIFF voice bytes'));
      a.putFile(testKey('voice'), 'voice', tmp, { computeMs: 1234, meta: { durationMs: 900 } });
      await remoteA.pushFile(testKey('voice'), a.peekFile(testKey('voice')) ?? expect.unreachable());
      await remoteA.pushJson(testKey('captions'), 'captions', { ass: '[Script Info]' }, { computeMs: 5 });
      // Delivered twice (a retried job): nothing changes.
      await remoteA.pushFile(testKey('voice'), a.peekFile(testKey('voice')) ?? expect.unreachable());

      const onController = controllerCache.peekFile(testKey('voice'));
      expect(onController).toMatchObject({ type: 'voice', meta: { durationMs: 900 }, computeMs: 1234 });
      // The bare upload became the stage's own entry: one copy of the bytes on the controller.
      expect(controllerCache.peekFile(blobCacheKey(sha(Buffer.from('RIFF voice bytes'))))).toBeNull();
      expect(controllerCache.peekFileBySha256(sha(Buffer.from('RIFF voice bytes')))?.key).toBe(testKey('voice'));

      // Worker B misses locally, pulls, and then has both as ordinary local entries.
      expect(await remoteB.pullFile(testKey('nothing'))).toBe(false);
      expect(await remoteB.pullFile(testKey('voice'))).toBe(true);
      expect(await remoteB.pullJson(testKey('captions'))).toBe(true);
      const pulled = b.getFile(testKey('voice'));
      expect(fs.readFileSync(pulled?.path ?? '', 'utf8')).toBe('RIFF voice bytes');
      expect(pulled).toMatchObject({ type: 'voice', meta: { durationMs: 900 }, computeMs: 1234, sha256: sha(Buffer.from('RIFF voice bytes')) });
      expect(b.getJson(testKey('captions'))?.value).toEqual({ ass: '[Script Info]' });
      // A result naming a blob nobody uploaded is refused.
      await expect(client.putResult(testKey('orphan'), { kind: 'file', type: 'compile', sha256: sha(Buffer.from('never sent')), size: 10, ext: '.mp4', computeMs: 1, costUsd: 0 })).rejects.toThrow(/409/);
    } finally {
      client.close();
      a.close();
      b.close();
    }
    expect(checkInvariants(path.join(dir, 'worker-a')).problems).toEqual([]);
    expect(checkInvariants(path.join(dir, 'worker-b')).problems).toEqual([]);
  });

  it('a voice-over placed on the controller with its transcription key: the worker uses that result, or says why it cannot', async () => {
    const worker = CacheStore.open(path.join(dir, 'worker-vo'));
    const client = new BlobClient({ baseUrl: server.url, token: TOKEN });
    const remote = new RemoteCache(worker, client);
    const signal = new AbortController().signal;
    const placed = (identity: string, key: string): void => {
      const tmp = controllerCache.tmpPath('.wav');
      fs.writeFileSync(tmp, Buffer.from(`RIFF placed ${identity}`));
      controllerCache.putFile(key, 'voice', tmp, { computeMs: 10, meta: { durationMs: 1000 } });
    };
    const inp = (identity: string, scriptText?: string) => ({
      identity, trimSilence: false, language: 'en', ffmpeg: { ffmpeg: 'ffmpeg', version: 'ffmpeg 5.1' },
      transcribe: { model: 'whisper-1', apiKey: '', baseURL: 'http://127.0.0.1:8000/v1' }, ...(scriptText !== undefined ? { scriptText } : {}),
    });
    try {
      // Transcribed there: found here, under the same key (the worker never transcribes).
      placed('a', recordingKey(inp('sha256:a')));
      expect(await placedOnController(remote, inp('sha256:a'), signal)).toBe(true);
      expect(worker.has(recordingKey(inp('sha256:a')))).toBe(true);
      // The transcription failed there and the script was aligned instead: that is the one to use.
      const { transcribe: _t, ...aligned } = inp('sha256:b', 'A dog runs.');
      placed('b', recordingKey(aligned));
      expect(await placedOnController(remote, inp('sha256:b', 'A dog runs.'), signal)).toBe(false);
      // Neither (another ffmpeg build here makes another key): a sentence saying what to do.
      await expect(placedOnController(remote, inp('sha256:c'), signal)).rejects.toThrow(/cannot use that result .*ffmpeg 5\.1.*give the voice-over's script/);
    } finally {
      client.close();
      worker.close();
    }
  });
});
