/** What the Footage view shows, from the contract's snapshot and progress. Pure, unit-tested. */
import type { FootageItemView, FootageProgress, FootageSnapshot } from '../../types/contract';

/** "Indexing 3 of 12 · dog.mp4" / "Scanning My Footage (240 files)". */
export function progressText(p: FootageProgress): string {
  const name = (x: string | null): string => (x ? x.split(/[\\/]/).pop() ?? x : '');
  if (p.phase === 'scanning') return `Scanning ${name(p.current)}${p.done ? ` (${p.done} files)` : ''}…`;
  if (p.phase === 'done') return 'Indexed';
  const n = Math.min(p.total, p.done + 1);
  return `Indexing ${n} of ${p.total}${p.current ? ` · ${name(p.current)}` : ''}${p.broken ? ` · ${p.broken} broken` : ''}`;
}

export function progressFraction(p: FootageProgress | null): number {
  if (!p || p.phase !== 'indexing' || p.total === 0) return 0;
  return p.done / p.total;
}

/** "12 clips, 3 stills · 2 broken". */
export function folderSummary(f: FootageSnapshot['folders'][number], items: readonly FootageItemView[]): string {
  const mine = items.filter((i) => i.folder === f.path);
  const clips = mine.filter((i) => i.kind === 'clip').length;
  const stills = mine.length - clips;
  const parts = [`${clips} clip${clips === 1 ? '' : 's'}`];
  if (stills > 0) parts.push(`${stills} still${stills === 1 ? '' : 's'}`);
  const extra = [f.pending ? `${f.pending} waiting` : '', f.broken ? `${f.broken} broken` : ''].filter(Boolean);
  return `${parts.join(', ')}${extra.length ? ` · ${extra.join(', ')}` : ''}`;
}

/** The folder part of a file path, in the path's own separator (the root of a picked folder). */
export function parentOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i > 0 ? p.slice(0, i) : p;
}
