/** Formatting for numbers the user reads. Pure, so every edge (NaN, 0, huge) is unit-tested. */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → "1.5 KB". Binary multiples (what the cache cap uses), conventional short names. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const exp = Math.min(BYTE_UNITS.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  const value = bytes / 1024 ** exp;
  const digits = exp === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${trimZeros(value.toFixed(digits))} ${BYTE_UNITS[exp]}`;
}

/** 0.4234 → "42%". Below 1 % but above 0 shows "<1%" so a tiny non-zero is not read as none. */
export function formatPercent(fraction: number, digits = 0): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return '0%';
  const pct = Math.min(1, fraction) * 100;
  if (pct < 1 && digits === 0) return '<1%';
  return `${trimZeros(pct.toFixed(digits))}%`;
}

/** Seconds to a short ETA: "45s", "3m 05s", "1h 02m"; null/negative → "—". */
export function formatEta(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return '—';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad2(s % 60)}s`;
  return `${Math.floor(m / 60)}h ${pad2(m % 60)}m`;
}

/** Clip length: 47 → "0:47", 125.4 → "2:05". */
export function formatClock(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '0:00';
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${pad2(s % 60)}`;
}

/** Milliseconds for timings: 850 → "850 ms", 12_300 → "12.3 s", 185_000 → "3m 05s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimZeros((ms / 1000).toFixed(1))} s`;
  return formatEta(ms / 1000);
}

/** Saved time as a human span: "3 h 20 min", "12 min", "40 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 s';
  const totalSec = Math.round(ms / 1000);
  if (totalSec < 60) return `${totalSec} s`;
  const totalMin = Math.round(totalSec / 60);
  if (totalMin < 60) return `${totalMin} min`;
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** USD with cents, or fractions of a cent for AI calls: 0.0042 → "$0.0042". */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0.00';
  if (usd < 0.01) return `$${trimZeros(usd.toPrecision(2))}`;
  return `$${usd.toFixed(2)}`;
}

/** Compact counts for chips and badges: 1234 → "1.2k". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '0';
  if (Math.abs(n) < 1000) return String(Math.round(n));
  if (Math.abs(n) < 1_000_000) return `${trimZeros((n / 1000).toFixed(1))}k`;
  return `${trimZeros((n / 1_000_000).toFixed(1))}M`;
}

/** "3 minutes ago"-style age for the library and cache. */
export function formatAge(thenMs: number, nowMs: number): string {
  const sec = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (sec < 45) return 'just now';
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  return d === 1 ? 'yesterday' : `${d} days ago`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
