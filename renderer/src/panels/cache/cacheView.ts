/** Turning CacheStats into what the Cache panel draws. Pure, unit-tested. */
import type { BarRow } from '../../components/BarRows';
import { formatBytes, formatCount } from '../../lib/format';
import type { CacheStats } from '../../types/contract';

/**
 * What each entry type is, in a creator's words. "video" is the record of a whole finished
 * request (a repeat is one lookup); "compile" is the encoded MP4 itself.
 */
const TYPE_LABELS: Record<string, string> = {
  video: 'whole video (repeat lookup)',
  compile: 'render (encoded MP4)',
  thumbnail: 'thumbnail',
  background: 'clip probe',
};

/** Pipeline order, so the per-type chart reads like the pipeline; unknown types go last. */
const TYPE_ORDER = ['video', 'script', 'ideas', 'virality', 'voice', 'captions', 'background', 'stock-search', 'stock-file', 'vision', 'embedding', 'compile', 'thumbnail'];

export function typeRows(stats: CacheStats, metric: 'entries' | 'size'): BarRow[] {
  const types = Object.keys(stats.byType).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return types.map((type) => {
    const t = stats.byType[type]!;
    const value = metric === 'entries' ? t.entries : t.size;
    return {
      key: type,
      label: TYPE_LABELS[type] ?? type,
      bars: [{ value, tone: metric === 'entries' ? 'accent' : 'violet', name: metric }],
      text: metric === 'entries' ? `${formatCount(value)} ${value === 1 ? 'entry' : 'entries'} · ${formatCount(t.hits)} ${t.hits === 1 ? 'hit' : 'hits'}` : formatBytes(value),
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
