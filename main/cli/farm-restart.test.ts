/**
 * The controller killed mid-batch (SIGKILL) and started again with --resume: it re-attaches to
 * the farm jobs its SQLite says are out (finished meanwhile or still running) instead of
 * rendering them again, and the batch completes. Real processes throughout: the controller is
 * `reelforge batch --farm`, the workers are `reelforge worker`, Redis is redis-server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db.js';
import { startWorkerProcess, waitFor, type WorkerProcess } from '../testing/farm-workers.js';
import { tempDir } from '../testing/media-fixtures.js';
import { RedisHarness } from '../testing/redis-server.js';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'index.ts');
const TOKEN = 'farm-restart-test-token-0123456789';
const ENV = { ...process.env, REELFORGE_FARM_LOCK_MS: '2000' };

let dir: string;
let redis: RedisHarness;
let port: number;
const workers: WorkerProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function controller(args: string[]): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
  // --size and --draft are kept with the batch: the resumed controller finishes it with them.
  const small = args.includes('--resume') ? [] : ['--size', '180x320', '--draft'];
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'batch', ...args,
    '--farm', redis.url, '--listen', `127.0.0.1:${port}`, '--token', TOKEN,
    ...small, '--json', '--data-dir', path.join(dir, 'controller'), '--out', path.join(dir, 'out')], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
}

beforeAll(async () => {
  dir = await tempDir('rf-farm-restart-');
  redis = await RedisHarness.start();
  port = await freePort();
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('a farm controller restarted mid-batch', () => {
  it('re-attaches to every job it had out and renders none of them twice', async () => {
    const jobs = path.join(dir, 'jobs.json');
    writeFileSync(jobs, JSON.stringify(['one', 'two', 'three', 'four'].map((n) => ({ script: `Restart test video ${n}. It is rendered once.` }))));
    const first = controller([jobs]);
    await waitFor('the controller to listen', () => first.err().includes('content endpoint'), 60_000);
    const url = `http://127.0.0.1:${port}`;
    workers.push(...await Promise.all(['alpha', 'beta'].map((name) => startWorkerProcess({ redisUrl: redis.url, controllerUrl: url, token: TOKEN, dataDir: path.join(dir, `worker-${name}`), name, env: { REELFORGE_FARM_LOCK_MS: '2000' } }))));
    // Mid-batch: one video finished, others out on the farm.
    await waitFor('the first video to finish', () => first.out().includes('"status":"done"'), 120_000, 50);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = controller(['--resume']);
    const code = await second.exited;
    expect(code, second.err()).toBe(0);
    expect(second.err()).toMatch(/re-attaching to farm job j[0-9a-f]+-r1/);
    const done = JSON.parse(second.out().trim().split('\n').at(-1) ?? '{}') as { type: string; jobs: { status: string }[] };
    expect(done.type).toBe('done');
    expect(readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.mp4')).sort()).toHaveLength(4);

    // Every job went to the farm once: no second run of any of them…
    const db = openDatabase(path.join(dir, 'controller', 'reelforge.db'), { readonly: true });
    try {
      const runs = db.prepare('SELECT run, open FROM farm_runs').all() as { run: number; open: number }[];
      expect(runs).toHaveLength(4);
      expect(runs.every((r) => r.run === 1 && r.open === 0)).toBe(true);
    } finally {
      db.close();
    }
    // …and each video was encoded once across the farm.
    const compiles = workers.map((w) => (w.log().match(/runs compile/g) ?? []).length).reduce((a, b) => a + b, 0);
    expect(compiles).toBe(4);
  });
});
