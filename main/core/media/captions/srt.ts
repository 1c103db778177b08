import type { TimedChunk } from './timing.js';

function stamp(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const f = t % 1000;
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)},${p(f, 3)}`;
}

/** SubRip: the same chunks as the burned-in captions, for platforms that take a captions file. */
export function buildSrt(chunks: TimedChunk[]): string {
  return chunks
    .map((c, i) => `${i + 1}\n${stamp(c.startMs)} --> ${stamp(c.endMs)}\n${c.text.replace(/\r?\n/g, ' ')}\n`)
    .join('\n');
}
