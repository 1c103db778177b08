/**
 * Emoji for captions from an offline keyword table (English stems). Single code points only,
 * no variation selectors or ZWJ sequences: they are drawn with an outline emoji font libass can
 * render (Symbola), because libass cannot draw colour-bitmap emoji fonts.
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

/**
 * At most one emoji per page: the first emphasised word with one, else the first word with one.
 * The same emoji twice in a row is dropped (it reads as a stutter).
 */
export function pageEmoji(pages: readonly CaptionPage[], emphasised: ReadonlySet<string>): (string | null)[] {
  let previous: string | null = null;
  return pages.map((page, p) => {
    const candidates = page.words.map((w, i) => ({ e: emojiFor(w.text), strong: emphasised.has(`${p}:${i}`) })).filter((c) => c.e !== null);
    const pick = candidates.find((c) => c.strong) ?? candidates[0];
    const e = pick?.e ?? null;
    if (e !== null && e === previous) return null;
    previous = e;
    return e;
  });
}
