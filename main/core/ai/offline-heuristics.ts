/**
 * Offline background ideas and virality score. The score is a sum of measurable traits, each
 * reason stating the measurement and the target, so a creator can see what to change.
 */
import { contentWords, WORDS_PER_SECOND, wordCount } from './offline-writer.js';
import type { BackgroundIdeas, Script, ViralityScore } from './types.js';

export const HEURISTICS_VERSION = 'offline-heuristics-v2';

interface GenreLook {
  mood: string;
  /** Stock-footage searches that suit the genre whatever the topic. */
  visuals: string[];
}

const LOOKS: Record<string, GenreLook> = {
  facts: { mood: 'curious, bright', visuals: ['macro close up', 'abstract light'] },
  explainer: { mood: 'curious, bright', visuals: ['whiteboard sketch', 'abstract light'] },
  science: { mood: 'curious, clean', visuals: ['laboratory', 'microscope close up'] },
  story: { mood: 'warm, cinematic', visuals: ['city at night', 'old film grain'] },
  history: { mood: 'warm, archival', visuals: ['old map', 'vintage film'] },
  horror: { mood: 'dark, tense', visuals: ['foggy forest night', 'flickering light'] },
  mystery: { mood: 'dark, tense', visuals: ['foggy road', 'flashlight in dark'] },
  motivation: { mood: 'energetic, uplifting', visuals: ['sunrise run', 'city timelapse'] },
  fitness: { mood: 'energetic, gritty', visuals: ['gym workout', 'running track'] },
  comedy: { mood: 'playful, colourful', visuals: ['colourful confetti', 'funny animals'] },
  news: { mood: 'clean, neutral', visuals: ['newsroom', 'city street'] },
  tech: { mood: 'sleek, futuristic', visuals: ['circuit board macro', 'code on screen'] },
  nature: { mood: 'calm, organic', visuals: ['forest aerial', 'ocean waves'] },
};
const DEFAULT_LOOK: GenreLook = { mood: 'bright, modern', visuals: ['abstract gradient', 'city timelapse'] };

/**
 * Search terms: the topic as one search, its content words, words the script's own lines
 * repeat (only for a creator's script: an offline draft's lines are templates, not content),
 * then the genre's stock looks. Deterministic, at most 6.
 */
export function offlineIdeas(script: Script, genre: string): BackgroundIdeas {
  const look = LOOKS[genre.trim().toLowerCase()] ?? DEFAULT_LOOK;
  const titleWords = [...new Set(contentWords(script.title))];
  const terms: string[] = [];
  if (titleWords.length >= 2) terms.push(titleWords.slice(0, 3).join(' '));
  terms.push(...titleWords.slice(0, 3));
  if (!script.offlineDraft) {
    const counts = new Map<string, number>();
    for (const w of contentWords(script.lines.join(' '))) counts.set(w, (counts.get(w) ?? 0) + 1);
    const repeated = [...counts.entries()].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    terms.push(...repeated.slice(0, 2).map(([w]) => w));
  }
  terms.push(...look.visuals);
  return { searchTerms: [...new Set(terms)].slice(0, 6), mood: look.mood };
}

const NUMBER_WORDS = /\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|ninety)\b/i;

/** Words per second for brisk but followable narration; also the offline writer's pace. */
const PACE_MIN = 2.0;
const PACE_MAX = 3.2;
const SWEET_MIN_S = 20;
const SWEET_MAX_S = 45;

/**
 * 0–100 from five measurable traits: hook length, a question and a number in the hook, pace
 * (words per spoken second, when the voice has been synthesised) and total length against the
 * 20–45 s sweet spot. Points: base 10, hook 25, question 10, number 10, pace 20, length 25.
 */
export function offlineVirality(script: Script, spokenSeconds: number | null): ViralityScore {
  const reasons: string[] = [];
  let score = 10;

  const hookWords = wordCount(script.hook);
  if (hookWords <= 10) {
    score += 25;
    reasons.push(`Hook is ${hookWords} words (≤ 10 is punchy).`);
  } else if (hookWords <= 15) {
    score += 12;
    reasons.push(`Hook is ${hookWords} words (≤ 10 is punchy; cut a few).`);
  } else {
    reasons.push(`Hook is ${hookWords} words (≤ 10 is punchy; over 15 loses viewers in the first second).`);
  }

  if (script.hook.includes('?')) {
    score += 10;
    reasons.push('Hook asks a question (+10).');
  } else {
    reasons.push('Hook asks no question (a question invites the viewer to stay for the answer).');
  }
  if (/\d/.test(script.hook) || NUMBER_WORDS.test(script.hook)) {
    score += 10;
    reasons.push('Hook has a number (+10).');
  } else {
    reasons.push('Hook has no number (a number makes a claim concrete).');
  }

  const totalWords = wordCount([script.hook, ...script.lines].join(' '));
  const measured = spokenSeconds !== null && spokenSeconds > 0;
  const seconds = measured ? spokenSeconds : totalWords / WORDS_PER_SECOND;
  if (measured) {
    const wps = totalWords / seconds;
    const pace = `Pace is ${wps.toFixed(1)} words/s (${totalWords} words in ${seconds.toFixed(1)} s; ${PACE_MIN}–${PACE_MAX} keeps attention)`;
    if (wps >= PACE_MIN && wps <= PACE_MAX) {
      score += 20;
      reasons.push(`${pace}.`);
    } else if (wps >= PACE_MIN - 0.4 && wps <= PACE_MAX + 0.6) {
      score += 10;
      reasons.push(`${pace}: slightly ${wps < PACE_MIN ? 'slow' : 'fast'}.`);
    } else {
      reasons.push(`${pace}: too ${wps < PACE_MIN ? 'slow' : 'fast'}.`);
    }
  } else {
    // Before the voice exists the pace can only be assumed; half credit, and say so.
    score += 10;
    reasons.push(`Pace not measured yet (${totalWords} words, assumed ${WORDS_PER_SECOND} words/s until voiced).`);
  }

  const rounded = Math.round(seconds);
  const basis = measured ? 'spoken' : 'estimated';
  if (seconds >= SWEET_MIN_S && seconds <= SWEET_MAX_S) {
    score += 25;
    reasons.push(`Length is ${rounded} s ${basis} (${SWEET_MIN_S}–${SWEET_MAX_S} s is the sweet spot).`);
  } else if (seconds >= SWEET_MIN_S - 5 && seconds <= SWEET_MAX_S + 15) {
    score += 12;
    reasons.push(`Length is ${rounded} s ${basis} (${SWEET_MIN_S}–${SWEET_MAX_S} s is the sweet spot; close).`);
  } else {
    reasons.push(`Length is ${rounded} s ${basis} (${SWEET_MIN_S}–${SWEET_MAX_S} s is the sweet spot; ${seconds < SWEET_MIN_S ? 'add' : 'cut'} a few lines).`);
  }

  return { score: Math.max(0, Math.min(100, Math.round(score))), reasons };
}
