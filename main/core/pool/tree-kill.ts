/**
 * Killing a worker together with the ffmpeg it started. On POSIX each worker leads its own process
 * group (child-spawner.ts) or stops its ffmpeg on SIGTERM itself (utilityProcess sends SIGTERM,
 * then SIGKILL ~2 s later). Windows has neither: TerminateProcess (what utilityProcess.kill() and
 * child.kill() do there) ends the worker alone and its ffmpeg keeps encoding with nobody to collect
 * it (desktop-review R2). `taskkill /T /F` ends the whole tree.
 */
import { spawn } from 'node:child_process';

/** Pure: the command that kills `pid` and its descendants, or null where a signal does the job. */
export function treeKillCommand(pid: number, platform: NodeJS.Platform): { cmd: string; args: string[] } | null {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`Not a process id: ${pid}`);
  if (platform !== 'win32') return null;
  return { cmd: 'taskkill', args: ['/PID', String(pid), '/T', '/F'] };
}

/**
 * Runs the tree kill for `pid` where the platform needs one; false when it does not (the caller
 * kills the process itself). `fallback` runs if the command cannot even start.
 */
export function killProcessTree(pid: number, opts: { platform?: NodeJS.Platform; fallback?: () => void; run?: typeof spawn } = {}): boolean {
  const command = treeKillCommand(pid, opts.platform ?? process.platform);
  if (command === null) return false;
  const child = (opts.run ?? spawn)(command.cmd, command.args, { stdio: 'ignore', windowsHide: true });
  child.on('error', () => opts.fallback?.());
  child.unref();
  return true;
}
