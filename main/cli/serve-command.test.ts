/**
 * `reelforge serve` as a process: the URL with the token is the first stdout line, the token is
 * required, and SIGTERM shuts the engine and its workers down with exit code 0.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './serve-command.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'reelforge-serve-'));
  await mkdir(path.join(tmp, 'renderer'));
  await writeFile(path.join(tmp, 'renderer', 'index.html'), '<!doctype html><title>Reelforge</title>');
  // Runs serve-command from source, exactly as dist/main/cli/index.js would call it.
  await writeFile(path.join(tmp, 'driver.mts'), `import { main } from ${JSON.stringify(path.join(here, 'serve-command.ts'))};\nprocess.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, isTTY: false });\n`);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function sink() {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

describe('reelforge serve', () => {
  it('rejects a bad port with a usage error (exit 2)', async () => {
    const out = sink();
    const err = sink();
    expect(await main(['--port', '99999'], { stdout: out.stream, stderr: err.stream, isTTY: false })).toBe(2);
    expect(err.text()).toContain('--port');
  });

  it('prints the tokened URL first, refuses requests without it, and stops cleanly on SIGTERM', async () => {
    const dataDir = path.join(tmp, 'data');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(tmp, 'driver.mts'), '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, REELFORGE_RENDERER_DIR: path.join(tmp, 'renderer'), OPENAI_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const m = /^Reelforge is serving on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]{43})$/.exec(first);
    expect(m, first).not.toBeNull();
    const url = m![1]!;
    expect((await fetch(`http://127.0.0.1:${m![2]}/`)).status).toBe(401);
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('Stopping (SIGTERM)');
  });
});
