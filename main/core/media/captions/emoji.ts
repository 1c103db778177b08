/**
 * Emoji for captions: the ones an LLM chose for words of its script, else an offline keyword
 * table (English stems). Single code points only, no variation selectors or ZWJ sequences: they
 * are drawn with an outline emoji font libass can render (Symbola), because libass cannot draw
 * colour-bitmap emoji fonts.
 */
import { stemmer } from 'stemmer';
import { bareWord } from './keywords.js';
import type { CaptionPage } from './pages.js';

/** The font emoji are drawn with; fonts-symbola on Debian/Ubuntu, installed by scripts/install.sh. */
export const EMOJI_FONT_FAMILY = 'Symbola';

const TABLE: Record<string, string> = {
  cat: '🐱', kitten: '🐱', dog: '🐶', puppy: '🐶', bird: '🐦', fish: '🐟', shark: '🦈', whale: '🐋', dolphin: '🐬', octopus: '🐙',
  bee: '🐝', honey: '🍯', butterfly: '🦋', snake: '🐍', horse: '🐴', lion: '🦁', tiger: '🐯', bear: '🐻', monkey: '🐒', elephant: '🐘',
  tree: '🌳', forest: '🌲', flower: '🌸', plant: '🌱', leaf: '🍃', sun: '☀', moon: '🌙', star: '⭐', planet: '🌎', earth: '🌍',
  world: '🌍', ocean: '🌊', sea: '🌊', wave: '🌊', water: '💧', rain: '🌧', snow: '❄', ice: '❄', fire: '🔥', hot: '🔥',
  volcano: '🌋', mountain: '⛰', space: '🚀', rocket: '🚀', science: '🔬', brain: '🧠', idea: '💡', think: '🤔', secret: '🤫', mystery: '🕵',
  money: '💰', rich: '💰', cash: '💵', dollar: '💵', price: '🏷', sale: '🏷', buy: '🛒', shop: '🛍', gift: '🎁', gold: '🥇',
  win: '🏆', winner: '🏆', trophy: '🏆', champion: '🏆', goal: '🎯', target: '🎯', success: '✅', fail: '❌', wrong: '❌', right: '✅',
  love: '❤', heart: '❤', happy: '😊', smile: '😊', laugh: '😂', funny: '😂', sad: '😢', cry: '😢', angry: '😠', scared: '😱',
  shock: '😱', surprise: '😮', wow: '😮', cool: '😎', sleep: '😴', tired: '😴', sick: '🤒', health: '💪', strong: '💪', muscle: '💪',
  food: '🍔', eat: '🍽', pizza: '🍕', coffee: '☕', tea: '🍵', cake: '🎂', apple: '🍎', bread: '🍞', drink: '🥤', wine: '🍷',
  music: '🎵', song: '🎵', sing: '🎤', dance: '💃', party: '🎉', celebrate: '🎉', game: '🎮', play: '🎮', movie: '🎬', camera: '📷',
  phone: '📱', computer: '💻', code: '💻', robot: '🤖', internet: '🌐', email: '📧', book: '📚', read: '📖', write: '✍', school: '🏫',
  learn: '🎓', study: '📚', teacher: '👩', work: '💼', job: '💼', business: '💼', time: '⏰', clock: '⏰', fast: '⚡', speed: '⚡',
  energy: '⚡', power: '⚡', light: '💡', car: '🚗', plane: '✈', travel: '✈', train: '🚆', house: '🏠', home: '🏠', city: '🏙',
  baby: '👶', family: '👪', friend: '🤝', people: '👥', king: '👑', queen: '👑', warning: '⚠', danger: '⚠', stop: '🛑', question: '❓',
  chart: '📈', growth: '📈', grow: '📈', data: '📊', key: '🔑', lock: '🔒', tool: '🔧', fix: '🔧', magic: '✨',
};

const STEMMED = new Map<string, string>(Object.entries(TABLE).map(([k, v]) => [stemmer(k), v]));

/** Every emoji the table can produce (tests check the font draws each one). */
export function allTableEmoji(): string[] {
  return [...new Set(Object.values(TABLE))];
}

/** The emoji for one word, or null. */
export function emojiFor(word: string): string | null {
  const bare = bareWord(word);
  if (bare.length < 2 || /\p{N}/u.test(bare)) return null;
  return TABLE[bare] ?? STEMMED.get(stemmer(bare)) ?? null;
}

/** An emoji an LLM chose for a word of its script (ai/types.ts ScriptEmoji). */
export interface MarkedEmoji {
  word: string;
  emoji: string;
}

/**
 * A model's emoji as the one code point an outline font can draw: variation selectors are
 * dropped (models write "☀️"); flags, skin tones, keycaps and ZWJ sequences are refused.
 */
export function singleEmoji(text: string): string | null {
  const points = Array.from(text.replace(/[\uFE0E\uFE0F]/g, '').trim());
  const [only] = points;
  return points.length === 1 && only !== undefined && /\p{Extended_Pictographic}/u.test(only) ? only : null;
}

/** The model's emoji that are single code points the emoji font covers; null when none is left (the table applies). */
export function usableMarkedEmoji(marked: readonly MarkedEmoji[], covers: (codePoint: number) => boolean): MarkedEmoji[] | null {
  const out: MarkedEmoji[] = [];
  for (const m of marked) {
    const e = singleEmoji(m.emoji);
    if (e !== null && bareWord(m.word) !== '' && covers(e.codePointAt(0) ?? 0)) out.push({ word: m.word, emoji: e });
  }
  return out.length > 0 ? out : null;
}

/** Looks a caption word up among the model's emoji: as written, else by stem ("scatters" finds "scatter"). */
export function markedEmojiLookup(marked: readonly MarkedEmoji[]): (word: string) => string | null {
  const byWord = new Map<string, string>();
  const byStem = new Map<string, string>();
  for (const m of marked) {
    const bare = bareWord(m.word);
    if (!byWord.has(bare)) byWord.set(bare, m.emoji);
    if (!byStem.has(stemmer(bare))) byStem.set(stemmer(bare), m.emoji);
  }
  return (word) => {
    const bare = bareWord(word);
    return bare === '' ? null : byWord.get(bare) ?? byStem.get(stemmer(bare)) ?? null;
  };
}

/**
 * At most one emoji per page: the first emphasised word with one, else the first word with one.
 * The same emoji twice in a row is dropped (it reads as a stutter). `lookup`: the model's emoji
 * when it chose some, else the offline table.
 */
export function pageEmoji(pages: readonly CaptionPage[], emphasised: ReadonlySet<string>, lookup: (word: string) => string | null = emojiFor): (string | null)[] {
  let previous: string | null = null;
  return pages.map((page, p) => {
    const candidates = page.words.map((w, i) => ({ e: lookup(w.text), strong: emphasised.has(`${p}:${i}`) })).filter((c) => c.e !== null);
    const pick = candidates.find((c) => c.strong) ?? candidates[0];
    const e = pick?.e ?? null;
    if (e !== null && e === previous) return null;
    previous = e;
    return e;
  });
}
