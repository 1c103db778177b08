/**
 * Runs the real `reelforge` CLI for tests: in-process (fast, same code), as a child process
 * from source (when a test needs its own environment, e.g. no ffmpeg on PATH), or as the built
 * command a user runs (bin/reelforge.js over dist/, for what only a whole process shows: how it
 * exits, what it prints when something escapes a job).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../core/paths.js';
import { run } from './index.js';
import type { CliIo } from './io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command's main() (or the dispatcher) with captured output. */
export async function runCommand(fn: (argv: string[], io: CliIo) => Promise<number>, argv: string[]): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await fn(argv, { stdout: out, stderr: err, isTTY: false });
  return { code, stdout, stderr };
}

export function runCli(argv: string[]): Promise<CliRun> {
  return runCommand((a, io) => run(a, io), argv);
}

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'index.ts');

export function runCliProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runNode(['--import', 'tsx', ENTRY, ...argv], env);
}

const BIN = path.join(projectRoot(), 'bin', 'reelforge.js');
const BUILT = path.join(projectRoot(), 'dist', 'main', 'cli', 'index.js');

/** node's arguments for the built `reelforge` (npm test builds before it runs the tests), for tests that spawn it themselves. */
export function builtCliArgs(argv: string[]): string[] {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run "npm run build" first.`);
  return [BIN, ...argv];
}

/** Runs the built `reelforge` to its end. */
export function runBuiltCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return runNode(builtCliArgs(argv), env);
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
