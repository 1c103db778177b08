import type { TimedChunk } from './timing.js';

/** SubRip time: HH:MM:SS,mmm (comma before the milliseconds, as players require). */
export function srtTime(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const f = t % 1000;
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)},${p(f, 3)}`;
}

/**
 * Text as an SRT cue may carry it: one line, and no `{\…}` blocks. SRT has no way to escape
 * them, and ffmpeg/libass (and the players built on them) read such a block as ASS override
 * tags: the text in it vanishes and the tags restyle the cue. The burned-in captions show the
 * braces literally (ASS escaping), but a captions file is for reading, so they are dropped here.
 */
export function srtCueText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/\{\\[^}]*\}?/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * SubRip captions: the same chunks and times as the burned-in captions, for platforms that
 * take a captions file (and for accessibility). One line per cue; cues numbered from 1,
 * separated by a blank line.
 */
export function buildSrt(chunks: TimedChunk[]): string {
  return chunks
    .map((c) => ({ ...c, text: srtCueText(c.text) }))
    .filter((c) => c.text !== '') // a chunk that was only tags leaves no cue (an empty one is invalid SRT)
    .map((c, i) => `${i + 1}\n${srtTime(c.startMs)} --> ${srtTime(Math.max(c.startMs, c.endMs))}\n${c.text}\n`)
    .join('\n');
}

/**
 * SubRip from caption pages: each page one cue, its lines as the burned-in captions break them,
 * as written (no forced upper case, no emoji, no styling: players and platforms show SRT text
 * literally), without override blocks (srtCueText); a page that was only tags leaves no cue.
 */
export function buildPageSrt(pages: readonly { startMs: number; endMs: number; unspaced: boolean; lines: readonly (readonly { text: string }[])[] }[]): string {
  return pages
    .map((p) => ({ ...p, text: p.lines.map((l) => srtCueText(l.map((w) => w.text).join(p.unspaced ? '' : ' '))).filter((l) => l !== '').join('\n') }))
    .filter((p) => p.text !== '')
    .map((p, i) => `${i + 1}\n${srtTime(p.startMs)} --> ${srtTime(Math.max(p.startMs, p.endMs))}\n${p.text}\n`)
    .join('\n');
}
