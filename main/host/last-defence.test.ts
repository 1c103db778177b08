/**
 * The hosts' last line of defence, in a real process with the real queue: an error escaping one
 * job fails that job with its own message and is logged; the other jobs and the process carry on.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/media-fixtures.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'leaky-host.ts');

describe('last line of defence', () => {
  it('fails only the job a stray rejection or uncaught throw came from, logs it, and the process carries on', async () => {
    const dataDir = await tempDir('reelforge-defence-');
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code, stderr).toBe(0);
    const jobs = JSON.parse(stdout.trim()) as { title: string; status: string; error: string | null }[];
    expect(jobs).toEqual([
      { title: 'leaks a rejection', status: 'failed', error: 'a rejection nobody awaited' },
      { title: 'throws in a callback', status: 'failed', error: 'a throw inside a timer' },
      { title: 'renders', status: 'done', error: null },
    ]);
    expect(stderr).toMatch(/An unhandled rejection in job \w+ \("leaks a rejection"\); that job fails/);
    expect(stderr).toMatch(/An uncaught error in job \w+ \("throws in a callback"\); that job fails/);
  });
});
