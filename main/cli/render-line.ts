import type { RenderEvent } from '../core/pipeline/types.js';

/** Pure: the one live line a terminal shows while a video renders. */
export function formatRenderLine(e: Extract<RenderEvent, { type: 'stage' }>, width = 80): string {
  const pct = Math.floor(e.overall * 100);
  const barWidth = 20;
  const filled = Math.round(e.overall * barWidth);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
  const eta = e.etaSec !== undefined && e.etaSec > 0 ? ` ETA ${formatEta(e.etaSec)}` : '';
  const stage = `${e.stage} ${e.status === 'running' ? `${Math.floor(e.fraction * 100)}%` : e.status}`;
  const line = `${bar} ${String(pct).padStart(3)}%  ${stage}${eta}`;
  return line.length > width ? line.slice(0, width) : line;
}

export function formatEta(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(s % 60).padStart(2, '0')}s`;
}
