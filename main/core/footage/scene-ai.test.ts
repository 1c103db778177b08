import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDb } from '../batch/app-db.js';
import { CacheStore } from '../cache/store.js';
import type { Db } from '../db.js';
import { childProcessSpawner, mediaWorkerEntry } from '../pool/child-spawner.js';
import { WorkerPool } from '../pool/worker-pool.js';
import { makeClip, tempDir } from '../../testing/media-fixtures.js';
import { OpenAiTestServer } from '../../testing/openai-test-server.js';
import { FootageLibrary } from './library.js';
import { SceneAi } from './scene-ai.js';

let dir: string;
let db: Db;
let cache: CacheStore;
let pool: WorkerPool;
let server: OpenAiTestServer;
let close: () => Promise<void>;
let lib: FootageLibrary;
let ai: SceneAi | null;

beforeAll(async () => {
  dir = await tempDir('reelforge-scene-ai-');
  const footage = path.join(dir, 'camera roll');
  await mkdir(footage);
  // Names that say nothing: only a look at the pictures can tell them apart.
  await makeClip(path.join(footage, 'IMG_0001.mp4'), { width: 160, height: 90, seconds: 1, look: '0xc82828' });
  await makeClip(path.join(footage, 'IMG_0002.mp4'), { width: 160, height: 90, seconds: 1, look: '0x283cd2' });
  server = new OpenAiTestServer();
  const started = await server.start();
  close = started.close;
  db = openAppDb(path.join(dir, 'data'));
  cache = CacheStore.open(path.join(dir, 'data', 'cache'));
  pool = new WorkerPool({ size: 2, spawner: childProcessSpawner, entry: mediaWorkerEntry() });
  ai = new SceneAi({ apiKey: 'sk-test', baseURL: started.url, cache });
  lib = new FootageLibrary({ db, pool, dataDir: path.join(dir, 'data'), concurrency: 2, threads: 1, ai: () => ai });
  await lib.add([footage]);
});

afterAll(async () => {
  await pool.close();
  cache.close();
  db.close();
  await close();
});

describe('scene descriptions and embeddings', () => {
  it('describes each scene from its thumbnail (an image in the chat request) and embeds it', () => {
    const items = new Map(lib.items().map((i) => [path.basename(i.path), i]));
    expect(items.get('IMG_0001.mp4')?.media.scenes[0]?.description).toMatch(/red/);
    expect(items.get('IMG_0002.mp4')?.media.scenes[0]?.description).toMatch(/blue/);
    const chat = server.requests.filter((r) => r.route === 'chat');
    expect(chat).toHaveLength(2);
    expect(JSON.stringify(chat[0]?.body)).toMatch(/data:image\/jpeg;base64,/);
    expect(server.count('embeddings')).toBe(1);
    expect(lib.repo.hasEmbeddings(ai?.embeddingSpace ?? '')).toBe(true);
  });

  it('finds footage by what it shows, by words and by meaning', async () => {
    const search = await lib.search();
    expect(path.basename(search.match('a red sports car')[0]?.item.path ?? '')).toBe('IMG_0001.mp4');
    const source = await lib.shotsSource();
    expect(source.embedQueries).toBeDefined();
    const [blue] = await source.embedQueries?.(['the deep blue ocean']) ?? [];
    const ranked = search.match('the deep blue ocean', '', blue ? { embedding: blue } : {});
    expect(path.basename(ranked[0]?.item.path ?? '')).toBe('IMG_0002.mp4');
    expect(ranked[0]?.similarity).toBeGreaterThan(ranked[1]?.similarity ?? 1);
  });

  it('asks nothing twice, and a refusing provider is a problem to report, not a broken file', async () => {
    const chats = server.count('chat');
    const again = await lib.understand();
    expect(again).toEqual({ described: 0, embedded: 0, problems: [] });
    expect(server.count('chat')).toBe(chats);

    // A new vision model describes again; this one refuses the key.
    const second = await server.start();
    ai = new SceneAi({ apiKey: 'sk-test', baseURL: second.url, visionModel: 'other-vision', cache });
    server.failNext('chat', { status: 401 });
    const refused = await lib.understand();
    await second.close();
    expect(refused?.problems.join(' ')).toMatch(/refused \(HTTP 401\)/);
    expect(lib.items()).toHaveLength(2);
    ai = null;
    expect(await lib.understand()).toBeNull();
  });
});
