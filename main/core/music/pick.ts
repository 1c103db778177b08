/**
 * Pure: which track of the creator's music folder a video gets. Mood words (from the ideas
 * stage: "calm, bright", search terms) are matched against the file names ("calm-piano.mp3"
 * beats "trap-beat.mp3" for a calm video); among equally good matches the seed decides, so the
 * same video always gets the same track and a batch spreads over the folder.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

export interface MusicTrack {
  path: string;
  /** Size and mtime: the pick changes when the folder does. */
  identity: string;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
}

/** How well a file name matches the mood words: shared words, prefixes count half ("calming" ~ "calm"). */
export function moodScore(file: string, mood: readonly string[]): number {
  const name = words(path.basename(file, path.extname(file)));
  let score = 0;
  for (const m of new Set(mood.flatMap(words))) {
    if (name.includes(m)) score += 1;
    else if (name.some((n) => n.startsWith(m.slice(0, 4)) || m.startsWith(n.slice(0, 4)))) score += 0.5;
  }
  return score;
}

export function pickTrack(tracks: readonly MusicTrack[], opts: { seed: number; mood: readonly string[]; salt?: string }): MusicTrack | null {
  if (tracks.length === 0) return null;
  const scored = tracks.map((t) => ({ t, score: moodScore(t.path, opts.mood) }));
  const top = Math.max(...scored.map((s) => s.score));
  const best = scored.filter((s) => s.score === top).map((s) => s.t).sort((a, b) => a.path.localeCompare(b.path));
  const h = createHash('sha256').update(`${opts.seed}|${opts.salt ?? ''}`).digest().readUInt32LE(0);
  return best[h % best.length] ?? null;
}
