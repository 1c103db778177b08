/**
 * Samples the whole machine while a benchmark runs: CPU utilisation from /proc/stat and peak
 * memory in use above the idle baseline from /proc/meminfo (Linux; elsewhere both read null).
 */
import { readFileSync } from 'node:fs';

interface CpuTimes {
  busy: number;
  total: number;
}

function readCpu(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const parts = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (parts[3] ?? 0) + (parts[4] ?? 0);
    const total = parts.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function memUsedBytes(): number | null {
  try {
    const text = readFileSync('/proc/meminfo', 'utf8');
    const get = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return get('MemTotal') - get('MemAvailable');
  } catch {
    return null;
  }
}

export interface SampleResult {
  cpuUtilisation: number | null; // 0..1 across all cores
  peakMemoryBytes: number | null; // above the baseline at start
}

export function startSampler(intervalMs = 200): { stop(): SampleResult } {
  const cpu0 = readCpu();
  const base = memUsedBytes();
  let peak = base ?? 0;
  const timer = setInterval(() => {
    const m = memUsedBytes();
    if (m !== null && m > peak) peak = m;
  }, intervalMs);
  return {
    stop(): SampleResult {
      clearInterval(timer);
      const cpu1 = readCpu();
      const cpuUtilisation = cpu0 && cpu1 && cpu1.total > cpu0.total ? (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total) : null;
      return { cpuUtilisation, peakMemoryBytes: base === null ? null : Math.max(0, peak - base) };
    },
  };
}
