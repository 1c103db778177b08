/** Turning PerfSnapshot into chart rows and series. Pure, unit-tested. */
import type { BarRow } from '../../components/BarRows';
import { formatMs } from '../../lib/format';
import type { PerfSample } from '../../store/perfSlice';
import type { PerfSnapshot, StageTiming } from '../../types/contract';

const STAGE_ORDER = ['script', 'ideas', 'virality', 'voice', 'captions', 'background', 'shots', 'compile', 'thumbnail'];

export function stageRows(stages: readonly StageTiming[]): BarRow[] {
  return [...stages]
    .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
    .map((s) => ({
      key: s.name,
      label: s.name,
      bars: [
        { value: s.p50Ms, tone: 'accent', name: `p50 ${formatMs(s.p50Ms)}` },
        { value: s.p95Ms, tone: 'violet', name: `p95 ${formatMs(s.p95Ms)}` },
      ],
      text: `p50 ${formatMs(s.p50Ms)} · p95 ${formatMs(s.p95Ms)} · n=${s.count}`,
    }));
}

function rank(name: string): number {
  const i = STAGE_ORDER.indexOf(name);
  return i < 0 ? STAGE_ORDER.length : i;
}

/**
 * The throughput series to plot: the host's own samples when it has a history, otherwise the
 * samples this window collected since it opened.
 */
export function throughputSeries(snapshot: PerfSnapshot | null, history: readonly PerfSample[]): { at: number; value: number }[] {
  if (snapshot && snapshot.throughput.length >= 2) return snapshot.throughput.map((t) => ({ at: t.at, value: t.videosPerMinute }));
  return history.map((h) => ({ at: h.at, value: h.videosPerMinute }));
}

/** How long an operation has been running, never negative (clocks of two processes differ a little). */
export function elapsedMs(startedAt: number, now: number): number {
  return Math.max(0, now - startedAt);
}
