/**
 * Real `reelforge worker` processes for tests and the bench: each is the CLI from source (tsx)
 * or from dist, with its own data folder, started and waited for until it takes jobs. Also finds
 * the ffmpeg processes a test's jobs started (by a marker in their command line) so a test can
 * prove none outlived a kill or a cancel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The CLI entry next to this file: main/cli/index.ts from source, dist/main/cli/index.js when built. */
function cliEntry(): { file: string; execArgv: string[] } {
  const ts = path.resolve(here, '..', 'cli', 'index.ts');
  if (existsSync(ts)) return { file: ts, execArgv: ['--import', 'tsx'] };
  return { file: path.resolve(here, '..', 'cli', 'index.js'), execArgv: [] };
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** The worker's registry id (from its first line). */
  id: string;
  /** Everything it wrote to stderr so far. */
  log(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export interface StartWorkerOptions {
  redisUrl: string;
  controllerUrl: string;
  token: string;
  dataDir: string;
  slots?: number;
  name?: string;
  tags?: string[];
  env?: NodeJS.ProcessEnv;
}

export async function startWorkerProcess(o: StartWorkerOptions): Promise<WorkerProcess> {
  const { file, execArgv } = cliEntry();
  const args = ['worker', '--redis', o.redisUrl, '--controller', o.controllerUrl, '--data-dir', o.dataDir, '--slots', String(o.slots ?? 1),
    ...(o.name ? ['--name', o.name] : []), ...(o.tags?.length ? ['--tags', o.tags.join(',')] : [])];
  const child = spawn(process.execPath, [...execArgv, file, ...args], {
    env: { ...process.env, REELFORGE_FARM_TOKEN: o.token, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const id = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /is taking jobs .* id ([^)\s]+)\)/.exec(stdout);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then(({ code, signal }) => reject(new Error(`reelforge worker exited (${signal ?? code}) before taking jobs:\n${stderr}`)));
  });
  return {
    child, pid: child.pid ?? -1, id, exited,
    log: () => stderr,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Pids of live processes whose command line contains `marker` (Linux /proc; empty elsewhere). */
export function pidsWithArg(marker: string): number[] {
  if (!existsSync('/proc')) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.includes(marker)) continue;
      // A zombie has exited already; it only waits for its parent to reap it.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Polls until `check` is true; throws with `what` after `ms` (a liveness bound, not a performance target). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 30_000, everyMs = 25): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
