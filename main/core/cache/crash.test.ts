/**
 * kill -9 at random moments while a child process stores entries (Chromium's stress_cache, the
 * research plan's test 1). After every kill the cache is reopened (an unclean start, so a full
 * reconcile) and must satisfy the invariants: integrity_check ok, every row's blob present with
 * its size, no orphan blob, no temp file, totals equal to a fresh SUM — and every entry the child
 * reported as stored is still there and readable.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CacheStore } from './store.js';
import { checkInvariants, makeTempDir } from './test-support.js';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');
const ROUNDS = 20;
const dir = makeTempDir('crash');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the child until `killAfterMs` after it is ready, SIGKILLs it, returns the keys it reported. */
interface Confirmed {
  kind: 'file' | 'json';
  key: string;
}

function runAndKill(seed: number, killAfterMs: number): Promise<{ stored: Confirmed[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`child exited with ${String(code)} before the kill:\n${err}`));
        return;
      }
      // Only whole lines count: a line cut by the kill was not confirmed.
      const lines = out.split('\n').slice(0, -1);
      const stored = lines.filter((l) => l.startsWith('stored ')).map((l) => {
        const [, kind, key] = l.split(' ');
        return { kind: kind as Confirmed['kind'], key: key as string };
      });
      resolve({ stored });
    });
  });
}

describe('crash safety under SIGKILL', () => {
  it(`keeps every confirmed entry and the invariants over ${ROUNDS} random kills`, async () => {
    const confirmed: Confirmed[] = [];
    const history: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const killAfterMs = 5 + Math.floor(Math.random() * 80);
      const { stored } = await runAndKill(round, killAfterMs);
      confirmed.push(...stored);
      history.push(`round ${round}: killed after ${killAfterMs} ms, ${stored.length} confirmed`);

      const store = CacheStore.open(dir);
      try {
        expect(store.startup.mode, history.join('\n')).toBe('unclean');
        const missing = confirmed.filter(({ kind, key }) => (kind === 'file' ? store.getFile(key) : store.getJson(key)) === null);
        expect(missing, history.join('\n')).toEqual([]);
      } catch (err) {
        store.close();
        throw err;
      }
      store.close();
      expect(checkInvariants(dir).problems, history.join('\n')).toEqual([]);
    }
    expect(confirmed.length).toBeGreaterThan(ROUNDS); // the kills landed mid-stream, not before any work
  });
});
