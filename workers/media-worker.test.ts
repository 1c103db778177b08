/**
 * The media worker as a process, driven the way the pool drives it (fork + IPC), for what only a
 * real process shows: how it ends when its parent is gone.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning, testPatternSpec, waitFor } from '../main/core/pool/fixtures/processes.js';
import type { FromWorker, ToWorker } from '../main/core/pool/protocol.js';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'media-worker.ts');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-worker-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('media worker', () => {
  // POSIX process groups: how child-spawner.ts starts workers outside Windows.
  it.skipIf(process.platform === 'win32')('when its parent dies (IPC gone, log pipes broken) it kills its ffmpeg and ends at once, not after a grace period', async () => {
    const worker = fork(ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      detached: true,
    });
    const exited = once(worker, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let ffmpeg: number | undefined;
    try {
      const next = (type: FromWorker['type']): Promise<FromWorker> => new Promise((resolve) => {
        const on = (m: FromWorker): void => {
          if (m.type !== type) return;
          worker.off('message', on);
          resolve(m);
        };
        worker.on('message', on);
      });
      await next('ready');
      const started = next('child');
      worker.send({ type: 'run', id: 'j1', job: { kind: 'ffmpeg', spec: testPatternSpec(path.join(dir, 'long.mp4'), 120, { realtime: true }) } } satisfies ToWorker);
      ffmpeg = (await started as Extract<FromWorker, { type: 'child' }>).pid;
      expect(isRunning(ffmpeg)).toBe(true);

      // What a SIGKILLed parent leaves behind: the reading ends of the log pipes closed, and no IPC channel.
      worker.stdout?.destroy();
      worker.stderr?.destroy();
      worker.disconnect();

      const [code, signal] = await exited;
      // SIGKILL of its own group: no graceful stop that nobody could collect, no EPIPE loop on the dead log pipe.
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await waitFor(() => !isRunning(ffmpeg as number), 5000)).toBe(true);
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
      if (ffmpeg !== undefined && isRunning(ffmpeg)) process.kill(ffmpeg, 'SIGKILL');
    }
  });
});
