/**
 * Gives every job that names no background a clip from the pool. A clip whose file name
 * shares words with the job's topic (or genre) is the best fit ("ocean-waves.mp4" for "Why
 * the ocean is salty"); among equal fits the least-used clip wins, so one clip is not
 * repeated across the batch. Jobs that fit nothing take clips round-robin. Pure and stable:
 * the same jobs and pool always give the same assignment.
 */
import path from 'node:path';
import type { InputJob } from './types.js';

const STOPWORDS = new Set([
  'the', 'and', 'for', 'with', 'why', 'how', 'what', 'when', 'who', 'are', 'was', 'you', 'your', 'our', 'its',
  'this', 'that', 'from', 'into', 'about', 'does', 'did', 'can', 'not', 'all', 'clip', 'video', 'final', 'copy', 'stock', 'footage',
]);

/** Lower-case word stems of 3+ letters, minus filler: "Ocean_Waves-4K.mp4" → {ocean, wave}. */
export function wordsOf(text: string): Set<string> {
  const words = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^\p{L}\p{N}]+/u);
  const out = new Set<string>();
  for (const w of words) {
    if (w.length < 3 || STOPWORDS.has(w) || /^\d+[kp]?$/.test(w)) continue;
    // A light stem so "waves" meets "wave" and "cities" meets "city".
    out.add(w.endsWith('ies') && w.length > 4 ? `${w.slice(0, -3)}y` : w.endsWith('s') && !w.endsWith('ss') && w.length > 3 ? w.slice(0, -1) : w);
  }
  return out;
}

export function assignBackgrounds(jobs: readonly InputJob[], pool: readonly string[]): InputJob[] {
  if (pool.length === 0) return jobs.map((j) => j);
  const clipWords = pool.map((clip) => wordsOf(path.basename(clip, path.extname(clip))));
  const uses = pool.map(() => 0);
  let next = 0; // round-robin cursor for jobs that match nothing
  return jobs.map((job) => {
    if (job.spec.background !== undefined) return job;
    const jobWords = wordsOf(`${job.spec.topic ?? job.spec.script?.slice(0, 200) ?? ''} ${job.spec.genre ?? ''}`);
    let best = -1;
    let bestScore = 0;
    clipWords.forEach((words, i) => {
      let score = 0;
      for (const w of jobWords) if (words.has(w)) score++;
      if (score > bestScore || (score === bestScore && score > 0 && (uses[i] as number) < (uses[best] as number))) {
        best = i;
        bestScore = score;
      }
    });
    if (best < 0) {
      best = next % pool.length;
      next++;
    }
    uses[best] = (uses[best] as number) + 1;
    return { ...job, spec: { ...job.spec, background: pool[best] as string } };
  });
}
