/** What a shot card says. Pure, unit-tested. */
import type { ShotCandidateView, ShotView } from '../types/contract';

const SOURCE_LABEL: Record<ShotCandidateView['source'], string> = { library: 'yours', stock: 'stock', builtin: 'look', user: 'your pick' };

export function sourceLabel(c: ShotCandidateView): string {
  return SOURCE_LABEL[c.source];
}

/** "0:03–0:07". */
export function shotSpan(s: Pick<ShotView, 'startSec' | 'durationSec'>): string {
  const t = (x: number): string => {
    const r = Math.round(x);
    return `${Math.floor(r / 60)}:${String(r % 60).padStart(2, '0')}`;
  };
  return `${t(s.startSec)}–${t(s.startSec + s.durationSec)}`;
}

/** Cards get wider for longer shots (a size class, so no inline style is needed under the CSP). */
export function cardSize(durationSec: number): 's' | 'm' | 'l' | 'xl' {
  if (durationSec < 2) return 's';
  if (durationSec < 3.5) return 'm';
  if (durationSec < 5) return 'l';
  return 'xl';
}
