/**
 * Runs the real `reelforge serve` (the built CLI, real core and workers) for one test: fresh data
 * folder, tiny draft renders, no API key, a free port. The URL comes from its first stdout line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The built CLI; REELFORGE_E2E_CLI points the suite at another build (or a stand-in host). */
export const CLI_ENTRY = path.resolve(process.env.REELFORGE_E2E_CLI ?? 'dist/main/cli/index.js');

/** Makes renders 180×320 draft quality; the engine honours both (main/core/engine.ts envDefaults). */
export const TEST_RENDER_ENV = { REELFORGE_TEST_SIZE: '180x320', REELFORGE_TEST_QUALITY: 'draft' } as const;

export interface ServerUnderTest {
  url: string;
  origin: string;
  token: string;
  pid: number;
  /** Whether the process is still up (a host must survive whatever one job does). */
  running(): boolean;
  /** stderr so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const FIRST_LINE = /^Reelforge is serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=(\S+))$/;

/** `env`: added after the defaults (an OpenAI key and base URL for a test that wants them, a stand-in renderer folder). */
export async function startServer(dataDir: string, startupMs = 60_000, extra: { env?: NodeJS.ProcessEnv } = {}): Promise<ServerUnderTest> {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run "npm run build" before the e2e tests.`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_RENDER_ENV, REELFORGE_DATA_DIR: dataDir };
  // Offline provider and system voice: deterministic and free, whatever the developer's shell has.
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  Object.assign(env, extra.env);
  // A .ts entry (REELFORGE_E2E_CLI=main/cli/index.ts) runs from source through tsx, for quick iterations.
  const loader = /\.[cm]?ts$/.test(CLI_ENTRY) ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, CLI_ENTRY, 'serve', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const firstLine = await Promise.race([
    new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve)),
    exited.then((code) => Promise.reject(new Error(`reelforge serve exited (${code}) before printing its URL:\n${stderr}`))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`reelforge serve printed no URL within ${startupMs} ms:\n${stderr}`)), startupMs).unref()),
  ]).catch(async (err: unknown) => {
    await stopProcess(child, exited);
    throw err;
  });
  const m = FIRST_LINE.exec(firstLine.trim());
  if (!m) {
    await stopProcess(child, exited);
    throw new Error(`Unexpected first line from reelforge serve: ${JSON.stringify(firstLine)}`);
  }
  const url = m[1] ?? '';
  return {
    url,
    origin: new URL(url).origin,
    token: decodeURIComponent(m[2] ?? ''),
    pid: child.pid ?? -1,
    running: () => child.exitCode === null && child.signalCode === null,
    log: () => stderr,
    stop: () => stopProcess(child, exited),
  };
}

/** SIGTERM (the command closes the engine and its workers), SIGKILL if it hangs. */
async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
