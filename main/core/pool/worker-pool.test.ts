/**
 * The pool against real workers (workers/media-worker.ts through tsx) running real ffmpeg on
 * tiny test-pattern encodes. Long jobs are paced at 1× (-re) so they stay alive to be killed or
 * cancelled while costing almost no CPU.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { childProcessSpawner, mediaWorkerEntry } from './child-spawner.js';
import { isRunning, testPatternSpec, waitFor } from './fixtures/processes.js';
import type { JobProgress, MediaJob, ToWorker } from './protocol.js';
import type { Spawner } from './spawner.js';
import { WorkerPool, type PoolOptions } from './worker-pool.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-pool-'));
const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** childProcessSpawner that also records every 'run' message, by worker name. */
function recordingSpawner(): { spawner: Spawner; runs: Map<string, Extract<ToWorker, { type: 'run' }>[]> } {
  const runs = new Map<string, Extract<ToWorker, { type: 'run' }>[]>();
  const spawner: Spawner = (entry, opts) => {
    const h = childProcessSpawner(entry, opts);
    runs.set(opts.name, []);
    return {
      get pid() {
        return h.pid;
      },
      postMessage(msg) {
        if (msg.type === 'run') runs.get(opts.name)?.push(msg);
        h.postMessage(msg);
      },
      onMessage: (cb) => h.onMessage(cb),
      onExit: (cb) => h.onExit(cb),
      kill: () => h.kill(),
    };
  };
  return { spawner, runs };
}

function makePool(opts: Partial<PoolOptions> & { spawner: Spawner }): WorkerPool {
  const logs: string[] = [];
  const pool = new WorkerPool({ size: 1, entry: mediaWorkerEntry(), backoffMs: 50, log: (l) => logs.push(l), ...opts });
  pools.push(pool);
  return pool;
}

function out(name: string): string {
  return path.join(dir, `${name}.mp4`);
}

function ffmpegJob(name: string, seconds: number, realtime = false): MediaJob & { kind: 'ffmpeg' } {
  return { kind: 'ffmpeg', spec: testPatternSpec(out(name), seconds, { realtime }) };
}

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('WorkerPool with real workers', () => {
  it('runs jobs across two workers, splits the cores between encodes, and reports monotonic progress', async () => {
    const { spawner, runs } = recordingSpawner();
    const pool = makePool({ size: 2, cores: 2, spawner });
    const progress = new Map<string, JobProgress[]>();
    const names = ['a', 'b', 'c'];
    const results = await Promise.all(names.map((n) => {
      progress.set(n, []);
      return pool.run(ffmpegJob(n, 2, true), { label: n, onProgress: (p) => progress.get(n)?.push(p) });
    }));

    expect(results.every((r) => r.elapsedMs > 0)).toBe(true);
    for (const n of names) {
      expect(existsSync(out(n))).toBe(true);
      const fractions = (progress.get(n) ?? []).map((p) => p.fraction);
      expect(fractions.length).toBeGreaterThan(1);
      expect(fractions.at(-1)).toBe(1);
      for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
    }
    // Lazily spawned up to the size, both used; three encodes over two slots → 1 thread each on 2 cores.
    expect(pool.stats()).toMatchObject({ spawned: 2, restarts: 0, busy: 0, queued: 0 });
    const all = [...runs.values()];
    expect(all.every((r) => r.length > 0)).toBe(true);
    expect(all.flat().map((r) => r.job.kind === 'ffmpeg' && r.job.threads)).toEqual([1, 1, 1]);
  });

  it('retries a job on a fresh worker when its worker is SIGKILLed mid-job, and no ffmpeg survives the dead one', async () => {
    const { spawner, runs } = recordingSpawner();
    const pool = makePool({ size: 1, spawner });
    const ffmpegPids: number[] = [];
    let killedWorker: number | undefined;
    let orphanGone: Promise<boolean> = Promise.resolve(false);
    // 6 s at 1×: an orphaned first ffmpeg would still be encoding when the retry starts.
    const result = await pool.run(ffmpegJob('retried', 6, true), {
      onChildProcess: (pid) => {
        ffmpegPids.push(pid);
        if (killedWorker === undefined) {
          killedWorker = pool.pids()[0];
          process.kill(killedWorker as number, 'SIGKILL');
        } else {
          orphanGone = waitFor(() => !isRunning(ffmpegPids[0] as number), 2000);
        }
      },
    });
    expect(result.elapsedMs).toBeGreaterThan(0);
    expect(existsSync(out('retried'))).toBe(true);
    expect(pool.stats()).toMatchObject({ spawned: 2, restarts: 1 });
    expect([...runs.values()].map((r) => r.length)).toEqual([1, 1]);
    expect(ffmpegPids).toHaveLength(2);
    expect(isRunning(killedWorker as number)).toBe(false);
    expect(await orphanGone).toBe(true);
  });

  it('runs a TTS job on the same workers', async () => {
    const pool = makePool({ size: 1, spawner: childProcessSpawner });
    const wavPath = path.join(dir, 'voice.wav');
    const fractions: number[] = [];
    const result = await pool.run(
      { kind: 'tts', tts: { voice: 'system:en-us', rate: 1, chunks: ['Hello there.', 'A second line.'], outPath: wavPath, gapMs: 100 } },
      { onProgress: (p) => fractions.push(p.fraction) },
    );
    expect(result.wavPath).toBe(wavPath);
    expect(existsSync(wavPath)).toBe(true);
    expect(result.chunks).toHaveLength(2);
    expect(fractions.at(-1)).toBe(1);
  });

  it('fails a job that fails for real once, without retry, naming the file', async () => {
    const { spawner, runs } = recordingSpawner();
    const pool = makePool({ size: 1, spawner });
    const missing = path.join(dir, 'no such clip.mp4');
    const job: MediaJob = { kind: 'ffmpeg', spec: testPatternSpec(out('never'), 1, { input: missing }) };
    const err = await rejection(pool.run(job));
    expect(err.message).toContain('no such clip.mp4');
    expect(err.kind).toBe('input');
    expect([...runs.values()].flat()).toHaveLength(1);
    expect(pool.stats()).toMatchObject({ spawned: 1, restarts: 0 });
  });

  it('cancels a running job: rejects as cancelled, ffmpeg is gone, and the worker lives on', async () => {
    const pool = makePool({ size: 1, spawner: childProcessSpawner });
    const ac = new AbortController();
    let ffmpegPid: number | undefined;
    const err = await rejection(pool.run(ffmpegJob('cancelled', 60, true), {
      signal: ac.signal,
      onProgress: () => ac.abort(), // ffmpeg is encoding by the time progress arrives
      onChildProcess: (pid) => {
        ffmpegPid = pid;
      },
    }));
    expect(err.kind).toBe('cancelled');
    expect(ffmpegPid).toBeDefined();
    expect(await waitFor(() => !isRunning(ffmpegPid as number) && pool.stats().busy === 0, 10_000)).toBe(true);
    // The worker confirmed the cancel itself: it wasn't killed and replaced.
    expect(pool.stats()).toMatchObject({ spawned: 1, restarts: 0 });
    expect(pool.pids()).toHaveLength(1);
  });

  it('close() during a job settles it and leaves neither the worker nor its ffmpeg running', async () => {
    const pool = makePool({ size: 1, spawner: childProcessSpawner });
    let ffmpegPid: number | undefined;
    const started = new Promise<void>((resolve) => {
      void rejection(pool.run(ffmpegJob('closed', 60, true), {
        onChildProcess: (pid) => {
          ffmpegPid = pid;
          resolve();
        },
      })).then((err) => expect(err.kind).toBe('cancelled'));
    });
    await started;
    const workers = pool.pids();
    expect(workers).toHaveLength(1);
    expect(isRunning(ffmpegPid as number)).toBe(true);
    await pool.close();
    expect(isRunning(workers[0] as number)).toBe(false);
    expect(await waitFor(() => !isRunning(ffmpegPid as number), 5000)).toBe(true);
    expect(pool.pids()).toEqual([]);
    await expect(pool.run(ffmpegJob('after-close', 1))).rejects.toThrow(/closed/);
  });

  it('when the parent is SIGKILLed, its worker and the ffmpeg it started exit on their own', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pool-parent.ts'), out('orphan')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const seen: number[] = [];
    parent.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: parent.stdout }).once('line', resolve);
        parent.once('exit', () => reject(new Error(`parent exited early: ${stderr}`)));
      });
      const { worker, ffmpeg } = JSON.parse(line) as { worker: number; ffmpeg: number };
      seen.push(worker, ffmpeg);
      expect(isRunning(worker)).toBe(true);
      expect(isRunning(ffmpeg)).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitFor(() => !isRunning(worker) && !isRunning(ffmpeg), 10_000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      // A failed run must not leave its orphans behind for the next test.
      for (const pid of seen) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
