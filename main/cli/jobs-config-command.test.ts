import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppDb } from '../core/batch/app-db.js';
import { BatchQueue } from '../core/batch/queue.js';
import { heldRunner, settle } from '../core/batch/test-helpers.js';
import { main as configMain } from './config-command.js';
import { main as jobsMain } from './jobs-command.js';
import { runCommand } from './cli-harness.js';

const run = runCommand;

describe('reelforge config', () => {
  it('sets, gets and lists validated settings in the data folder', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-config-'));
    expect((await run(configMain, ['set', 'concurrency', '3', '--data-dir', dataDir])).stdout).toBe('concurrency = 3\n');
    expect((await run(configMain, ['get', 'concurrency', '--data-dir', dataDir])).stdout).toBe('3\n');
    const list = await run(configMain, ['list', '--data-dir', dataDir]);
    expect(list.stdout).toMatch(/^concurrency\s+3$/m);
    expect(list.stdout).toMatch(/^provider\s+auto {2}\(default\)$/m);
    const json = await run(configMain, ['get', 'stopOnError', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(json.stdout)).toEqual({ stopOnError: false });
    const bad = await run(configMain, ['set', 'concurrency', '42', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid concurrency "42"/);
    expect((await run(configMain, ['set', 'apiKey', 'sk', '--data-dir', dataDir])).code).toBe(2);
  });

  it('refuses a caption style that is neither built in nor in the looks library, and keeps the old one', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-config-'));
    const bad = await run(configMain, ['set', 'captionStyle', 'fancy', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown caption style "fancy": choose one of bold, /);
    expect((await run(configMain, ['get', 'captionStyle', '--data-dir', dataDir])).stdout).toBe('bold\n');
    expect((await run(configMain, ['set', 'captionStyle', 'one-word', '--data-dir', dataDir])).stdout).toBe('captionStyle = one-word\n');
  });

  it('prints the price table as JSON, built-in prices included, and takes overrides as JSON', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-config-'));
    const builtIn = JSON.parse((await run(configMain, ['get', 'prices', '--data-dir', dataDir])).stdout) as Record<string, unknown>;
    expect(builtIn['gpt-4o-mini']).toEqual({ inputPerM: 0.15, outputPerM: 0.6 });
    expect((await run(configMain, ['set', 'prices', '{"llama3":{"inputPerM":0}}', '--data-dir', dataDir])).code).toBe(0);
    const after = JSON.parse((await run(configMain, ['get', 'prices', '--data-dir', dataDir])).stdout) as Record<string, unknown>;
    expect(after.llama3).toEqual({ inputPerM: 0 });
    expect(after['gpt-4o-mini']).toEqual(builtIn['gpt-4o-mini']);
    const bad = await run(configMain, ['set', 'prices', '{"llama3":{"inputPerM":-2}}', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid prices .* at llama3\.inputPerM/);
  });
});

describe('reelforge jobs', () => {
  it('lists batches and jobs read-only: running jobs of another process stay running', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-jobs-'));
    const db = openAppDb(dataDir);
    const r = heldRunner();
    const q = new BatchQueue({ db, runJob: r.runJob, concurrency: 1 });
    const b = q.createBatch([{ spec: { topic: 'Cats' }, source: 't:1' }, { spec: { topic: 'Bees' }, source: 't:2' }], { outDir: '/out', label: 't.txt' });
    r.calls[0]?.fail(new Error('no voice engine'));
    await settle();
    // "Bees" is now running in this (other) process.
    const res = await run(jobsMain, ['--data-dir', dataDir]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`batch ${b.id}  0/2 done · 1 failed · 1 running`);
    expect(res.stdout).toMatch(/failed\s+Cats\s+no voice engine/);
    expect(q.jobs(b.id).map((j) => j.status)).toEqual(['failed', 'running']);
    expect(q.getBatch(b.id)?.status).toBe('running');
    const json = JSON.parse((await run(jobsMain, ['--json', '--data-dir', dataDir])).stdout) as { batches: { id: string }[]; jobs: unknown[] };
    expect(json.batches.map((x) => x.id)).toEqual([b.id]);
    expect(json.jobs).toHaveLength(2);
    expect((await run(jobsMain, ['nope', '--data-dir', dataDir])).code).toBe(2);
    db.close();
  });
});
