/**
 * "No ffmpeg remains": any ffmpeg whose command line mentions this test's data folder. Matching
 * on the folder (not on our process tree) also catches orphans re-parented to init after a
 * worker died, and ignores ffmpeg run by anything else on the machine.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function ffmpegProcessesFor(dataDir: string): Promise<{ pid: number; args: string }[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,comm=,args=', '-ww']);
  const found: { pid: number; args: string }[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, pid = '', comm = '', args = ''] = m;
    if ((comm === 'ffmpeg' || comm === 'ffprobe') && args.includes(dataDir)) found.push({ pid: Number(pid), args });
  }
  return found;
}
