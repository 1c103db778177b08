/**
 * CPU time of a process tree from /proc (Linux; null elsewhere): a process's own user+system
 * time, what its reaped children used (cutime/cstime: ffmpeg runs a media worker waited for),
 * and the same for every live descendant. Measured per process tree, not machine-wide, so other
 * work on a shared machine does not count.
 */
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc times are in 1/100 s on every mainstream build. */
const TICKS_PER_SEC = 100;

function statTimes(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" of the command name: state is 3, utime 14, stime 15, cutime 16, cstime 17 (1-based).
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number): number => Number(rest[i - 3] ?? 0);
    return n(14) + n(15) + n(16) + n(17);
  } catch {
    return null;
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) if (tid) out.push(Number(tid));
  } catch {
    // gone, or no children file
  }
  return out;
}

/** CPU seconds of `pid` and everything under it, or null where /proc cannot tell. */
export function treeCpuSec(pid: number): number | null {
  const own = statTimes(pid);
  if (own === null) return null;
  let ticks = own;
  for (const c of children(pid)) ticks += (treeCpuSec(c) ?? 0) * TICKS_PER_SEC;
  return ticks / TICKS_PER_SEC;
}

/** This process's own CPU seconds (not its children's). */
export function selfCpuSec(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
