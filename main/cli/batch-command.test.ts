import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { heldRunner, settle } from '../core/batch/test-helpers.js';
import { openRuntime } from '../core/studio/runtime.js';
import { EXIT_INTERRUPTED, watchBatches, type CliSession } from './batch-command.js';

async function session() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-watch-'));
  const runner = heldRunner();
  const runtime = openRuntime({ dataDir, runJob: runner.runJob, apiKeySet: () => false, overrides: { concurrency: 2 } });
  const fakeEngine = { perf: { summaryTable: () => 'PERF TABLE\n' } };
  const s = { engine: fakeEngine, runtime, close: () => runtime.close() } as unknown as CliSession;
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  const io = { stdout: out, stderr: new PassThrough(), isTTY: false };
  return { s, runner, runtime, io, stdout: () => stdout };
}

const jobs = (n: number) => Array.from({ length: n }, (_, i) => ({ spec: { topic: `T${i}` }, source: `t.txt:line ${i + 1}` }));

describe('watchBatches (the batch/retry run loop)', () => {
  it('waits for the batch, prints every outcome and the perf table, exits 1 when one failed', async () => {
    const { s, runner, runtime, io, stdout } = await session();
    let id = '';
    const done = watchBatches(s, io, { json: false, batchIds: () => [id], start: () => (id = runtime.queue.createBatch(jobs(3), { outDir: '/out' }).id) });
    await settle();
    runner.calls[0]?.succeed();
    runner.calls[1]?.fail(new Error('ffmpeg exited with code 1'));
    await settle();
    runner.calls[2]?.succeed();
    expect(await done).toBe(1);
    expect(stdout()).toContain('✗ T1 [t.txt:line 2]: ffmpeg exited with code 1');
    expect(stdout()).toContain('2 done, 1 failed');
    expect(stdout()).toContain('PERF TABLE');
    await s.close();
  });

  it('--json ends with a done line listing every job', async () => {
    const { s, runner, runtime, io, stdout } = await session();
    let id = '';
    const done = watchBatches(s, io, { json: true, batchIds: () => [id], start: () => (id = runtime.queue.createBatch(jobs(1), { outDir: '/out' }).id) });
    await settle();
    runner.calls[0]?.succeed();
    expect(await done).toBe(0);
    const lines = stdout().trim().split('\n').map((l) => JSON.parse(l) as { type: string; jobs?: { status: string }[] });
    expect(lines.at(-1)?.type).toBe('done');
    expect(lines.at(-1)?.jobs?.map((j) => j.status)).toEqual(['done']);
    expect(lines.some((l) => l.type === 'job')).toBe(true);
    await s.close();
  });

  it('Ctrl-C stops running renders, marks them interrupted and exits 130', async () => {
    const { s, runner, runtime, io, stdout } = await session();
    let id = '';
    const done = watchBatches(s, io, { json: false, batchIds: () => [id], start: () => (id = runtime.queue.createBatch(jobs(3), { outDir: '/out' }).id) });
    await settle();
    process.emit('SIGINT');
    expect(await done).toBe(EXIT_INTERRUPTED);
    expect(runner.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(runtime.queue.jobs(id).map((j) => j.status)).toEqual(['interrupted', 'interrupted', 'queued']);
    expect(stdout()).toContain(`reelforge batch --resume ${id}`);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});
