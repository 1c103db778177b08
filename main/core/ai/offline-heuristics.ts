/**
 * Offline background ideas and virality score. The score is a sum of measurable traits,
 * each reason stating the measurement, so a creator can see what to change.
 */
import { contentWords, WORDS_PER_SECOND } from './offline-writer.js';
import type { BackgroundIdeas, Script, ViralityScore } from './types.js';

export const HEURISTICS_VERSION = 'offline-heuristics-v1';

const MOODS: Record<string, string> = {
  explainer: 'curious, bright', facts: 'curious, bright', story: 'warm, cinematic', motivation: 'energetic, uplifting',
  horror: 'dark, tense', comedy: 'playful, colourful', news: 'clean, neutral', tech: 'sleek, futuristic', nature: 'calm, organic',
};

export function offlineIdeas(script: Script, genre: string): BackgroundIdeas {
  const words = contentWords(`${script.title} ${script.hook}`);
  const counts = new Map<string, number>();
  for (const w of [...words, ...contentWords(script.lines.join(' '))]) counts.set(w, (counts.get(w) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([w]) => w);
  const terms = [...new Set([...words.slice(0, 3), ...top])].slice(0, 6);
  return { searchTerms: terms.length ? terms : [genre], mood: MOODS[genre.toLowerCase()] ?? 'bright, modern' };
}

function wordCount(s: string): number {
  return (s.match(/[\p{L}\p{N}']+/gu) ?? []).length;
}

/** 0–100 from hook length, pace, a question or number in the hook, and total length. */
export function offlineVirality(script: Script, spokenSeconds: number | null): ViralityScore {
  const reasons: string[] = [];
  let score = 30;
  const hookWords = wordCount(script.hook);
  if (hookWords <= 10) {
    score += 20;
    reasons.push(`Hook is ${hookWords} words (≤ 10 is punchy).`);
  } else {
    score += Math.max(0, 20 - (hookWords - 10) * 3);
    reasons.push(`Hook is ${hookWords} words (over 10 loses viewers in the first second).`);
  }
  if (/\?/.test(script.hook)) {
    score += 10;
    reasons.push('Hook asks a question.');
  }
  if (/\d/.test(script.hook) || /\b(one|two|three|four|five|ten)\b/i.test(script.hook)) {
    score += 10;
    reasons.push('Hook has a number.');
  }
  const total = wordCount([script.hook, ...script.lines].join(' '));
  const seconds = spokenSeconds ?? total / WORDS_PER_SECOND;
  const wps = total / Math.max(1, seconds);
  if (wps >= 2 && wps <= 3.2) {
    score += 15;
    reasons.push(`Pace is ${wps.toFixed(1)} words/s (2–3.2 keeps attention).`);
  } else {
    reasons.push(`Pace is ${wps.toFixed(1)} words/s (aim for 2–3.2).`);
  }
  if (seconds >= 20 && seconds <= 45) {
    score += 15;
    reasons.push(`Length is about ${Math.round(seconds)} s (20–45 s is the sweet spot).`);
  } else {
    score += 5;
    reasons.push(`Length is about ${Math.round(seconds)} s (20–45 s is the sweet spot).`);
  }
  return { score: Math.max(0, Math.min(100, Math.round(score))), reasons };
}
