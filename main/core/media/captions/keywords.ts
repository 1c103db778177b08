/**
 * Which caption words to emphasise. With an LLM's marked words, those; offline: numbers, names
 * (a capitalised word inside a sentence) and the key word of each caption — its longest content
 * word, chosen per sentence when captions are too short to have one of their own.
 */
import type { CaptionPage } from './pages.js';

/** Function words never worth emphasising (English; other languages rely on numbers and length). */
const STOPWORDS = new Set(`a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each even ever every few for from further had has have having he her
here hers herself him himself his how however i if in into is it its itself just like made make many may me might more most much
must my myself never no nor not now of off on once only or other our ours ourselves out over own really same she should so some
still such than that the their theirs them themselves then there these they this those through to too under until up upon us
very was we were what when where which while who whom why will with would yet you your yours yourself yourselves`.split(/\s+/));

/** The letters and digits of a word, lower-cased: what matching compares. */
export function bareWord(text: string): string {
  return text.toLocaleLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function isNumber(text: string): boolean {
  return /\p{N}/u.test(text);
}

function isContent(text: string): boolean {
  const b = bareWord(text);
  return b.length >= 4 && !STOPWORDS.has(b);
}

/**
 * An LLM's marks as bare words. A word marked on its own is trusted; a phrase ("the blue sky")
 * is split, and its function words are left out so "the" is not emphasised everywhere.
 */
function markedWords(marked: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const mark of marked) {
    const words = mark.split(/\s+/).map(bareWord).filter((w) => w !== '');
    for (const w of words) if (words.length === 1 || !STOPWORDS.has(w)) out.add(w);
  }
  return out;
}

/** Key for a word in a page: "page:word". */
export const wordRef = (page: number, word: number): string => `${page}:${word}`;

/**
 * The emphasised words of every page, as wordRef keys. `marked` are an LLM's keywords (matched
 * without case or punctuation); when given, the offline names/longest-word rules are skipped.
 */
export function emphasisedWords(pages: readonly CaptionPage[], marked: readonly string[] | null = null): Set<string> {
  const out = new Set<string>();
  const markedSet = marked ? markedWords(marked) : null;
  // Sentence starts: the first word of the first page of each sentence.
  let lastSentence = -1;
  const perSentence = new Map<number, { ref: string; len: number }>();
  pages.forEach((page, p) => {
    let best: { ref: string; len: number } | null = null;
    page.words.forEach((w, i) => {
      const ref = wordRef(p, i);
      const sentenceStart = page.sentence !== lastSentence && i === 0;
      if (isNumber(w.text)) out.add(ref);
      if (markedSet) {
        if (markedSet.has(bareWord(w.text))) out.add(ref);
        return;
      }
      // A name: capitalised (Latin, Cyrillic, Greek), not a sentence start, not "I".
      if (!sentenceStart && /^[\p{Lu}]\p{Ll}/u.test(w.text.replace(/^[^\p{L}]+/u, '')) && bareWord(w.text) !== 'i') out.add(ref);
      if (isContent(w.text)) {
        const len = bareWord(w.text).length;
        if (!best || len > best.len) best = { ref, len };
        const s = perSentence.get(page.sentence);
        if (!s || len > s.len) perSentence.set(page.sentence, { ref, len });
      }
    });
    lastSentence = page.sentence;
    const chosen = best as { ref: string; len: number } | null;
    if (!markedSet && chosen && page.words.length >= 3) out.add(chosen.ref);
  });
  if (!markedSet) {
    // Short captions (one-word pop): one key word per sentence instead of one per caption.
    pages.forEach((page, p) => {
      if (page.words.length >= 3) return;
      const s = perSentence.get(page.sentence);
      if (s && s.ref.startsWith(`${p}:`)) out.add(s.ref);
    });
  }
  return out;
}
