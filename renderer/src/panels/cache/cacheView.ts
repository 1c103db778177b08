/** Turning CacheStats into what the Cache panel draws. Pure, unit-tested. */
import type { BarRow } from '../../components/BarRows';
import { formatBytes, formatCount } from '../../lib/format';
import type { CacheStats } from '../../types/contract';

/** Pipeline order, so the per-type chart reads like the pipeline; unknown types go last. */
const TYPE_ORDER = ['video', 'script', 'ideas', 'virality', 'voice', 'captions', 'background', 'stock-search', 'stock-file', 'vision', 'embedding', 'compile', 'thumbnail'];

export function typeRows(stats: CacheStats, metric: 'entries' | 'size'): BarRow[] {
  const types = Object.keys(stats.byType).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return types.map((type) => {
    const t = stats.byType[type]!;
    const value = metric === 'entries' ? t.entries : t.size;
    return {
      key: type,
      label: type === 'compile' ? 'render' : type,
      bars: [{ value, tone: metric === 'entries' ? 'accent' : 'violet', name: metric }],
      text: metric === 'entries' ? `${formatCount(value)} · ${formatCount(t.hits)} hits` : formatBytes(value),
    };
  });
}

function rank(type: string): number {
  const i = TYPE_ORDER.indexOf(type);
  return i < 0 ? TYPE_ORDER.length : i;
}

/** Fill of the cap (0..1+): above 0.9 eviction is about to run, which the bar shows in amber. */
export function capUsage(stats: Pick<CacheStats, 'totalSize' | 'maxSize'>): { fraction: number; tone: 'accent' | 'warn' | 'danger' } {
  const fraction = stats.maxSize > 0 ? stats.totalSize / stats.maxSize : 0;
  return { fraction, tone: fraction >= 1 ? 'danger' : fraction >= 0.9 ? 'warn' : 'accent' };
}
