/**
 * The offline script writer: no key, no network, the same words for the same input. It is a
 * template writer, labelled as an offline draft in every manifest; its job is a usable,
 * well-paced draft that reads like short-form narration, not prose and not filler.
 *
 * Variety comes from a seeded pick among hook, line and closer templates, per genre family;
 * the seed is a hash of the whole request, so one topic always gives one script and two
 * topics rarely give the same one.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { Script, ScriptRequest } from './types.js';

/** Bump when the output for a given input changes: it is part of every offline cache key. */
export const OFFLINE_WRITER_VERSION = 'offline-writer-v2';
/** Speaking pace used to size the script: ~2.5 words per second is brisk short-form narration. */
export const WORDS_PER_SECOND = 2.5;
export const MIN_LINES = 4;
export const MAX_LINES = 8;

/** xorshift32 seeded from sha256(input): tiny, deterministic on every platform. */
function seeded(input: string): () => number {
  const h = createHash('sha256').update(input).digest();
  let state = h.readUInt32LE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** Fisher–Yates with the seeded generator (a random sort comparator is not a stable shuffle). */
function shuffled<T>(rand: () => number, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

const STOP = new Set(
  ('a an the of to in on for and or but is are was were be been being why how what when where who whom which whose do does did ' +
    'you your yours it its this that these those with from at by about as into than then so if can could will would should ' +
    'just really very my our their his her they them we us i me not no yes there here have has had get got make made')
    .split(' '),
);

/** Lower-case words worth searching or tagging: no stop words, nothing shorter than 3 letters. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w));
}

export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}']+/gu) ?? []).length;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** How a template refers to the topic. */
interface Subject {
  /** The topic as the viewer would say it: "black holes", "why cats purr". */
  phrase: string;
  /** The topic as a question, for hooks: "Why do cats purr?" / "What is really going on with black holes?" */
  question: string;
  /** True when the topic was typed as a question ("why do cats purr"). */
  isQuestion: boolean;
}

const QUESTION_START = /^(why|how|what|when|where|who|which|can|could|do|does|did|is|are|should|would|will)\b/i;

function subjectOf(topic: string): Subject {
  const isQuestion = QUESTION_START.test(topic) || topic.endsWith('?');
  const bare = topic.replace(/[?.!]+$/, '');
  return {
    phrase: lowerFirstUnlessName(bare),
    question: isQuestion ? `${capitalise(bare)}?` : `What is really going on with ${lowerFirstUnlessName(bare)}?`,
    isQuestion,
  };
}

/** "Black holes" → "black holes", but "NASA" and "Rome" keep their capitals (acronyms, single proper names). */
function lowerFirstUnlessName(s: string): string {
  const first = s.split(' ')[0] ?? '';
  if (/^[A-Z0-9]{2,}$/.test(first) || (s.split(' ').length === 1 && /^[A-Z]/.test(s))) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

type Template = (s: Subject) => string;
type Family = 'curious' | 'story' | 'motivation';

const GENRE_FAMILY: Record<string, Family> = {
  story: 'story', horror: 'story', history: 'story', mystery: 'story', 'true crime': 'story',
  motivation: 'motivation', fitness: 'motivation', money: 'motivation', finance: 'motivation', productivity: 'motivation', selfhelp: 'motivation',
};

const HOOKS: Record<Family, readonly Template[]> = {
  curious: [
    (s) => s.question,
    (s) => `You've been told the wrong story about ${s.isQuestion ? 'this' : s.phrase}.`,
    (s) => (s.isQuestion ? `${s.question} The real answer is stranger.` : `Three facts about ${s.phrase} that sound made up.`),
    (s) => `Most people get ${s.isQuestion ? 'this one' : s.phrase} completely wrong.`,
    (s) => (s.isQuestion ? `${s.question} Nobody explains it properly.` : `In 30 seconds, ${s.phrase} will make sense.`),
  ],
  story: [
    (s) => `Nobody believed the story of ${s.isQuestion ? 'how this began' : s.phrase}.`,
    () => `It began as an ordinary day. Then it wasn't.`,
    (s) => (s.isQuestion ? s.question : `The strangest chapter of ${s.phrase} lasted one night.`),
    () => `One small decision changed everything here.`,
  ],
  motivation: [
    (s) => `Ninety days of ${s.isQuestion ? 'this' : s.phrase} changed one thing.`,
    (s) => (s.isQuestion ? s.question : `Why does ${s.phrase} feel so hard?`),
    () => `You don't need more motivation. You need this.`,
    () => `Try this for one week and watch what happens.`,
  ],
};

/**
 * Body lines in three phases so a draft reads in order: set up the claim, explain it, pay it
 * off. Each script takes a seeded selection from each phase, phases kept in order.
 */
interface Phases {
  open: readonly Template[];
  middle: readonly Template[];
  payoff: readonly Template[];
}

const LINES: Record<Family, Phases> = {
  curious: {
    open: [
      () => `Most people guess, and most people guess wrong.`,
      (s) => `Here's the part about ${s.isQuestion ? 'it' : s.phrase} nobody mentions.`,
      () => `The short version fits in a single sentence.`,
    ],
    middle: [
      () => `The real answer starts with something tiny.`,
      (s) => (s.isQuestion ? `Scientists only pinned this down fairly recently.` : `Scientists still argue about parts of ${s.phrase}.`),
      () => `It comes down to one simple mechanism.`,
      () => `Picture a tiny engine, running quietly in the background.`,
      () => `Small changes there make a surprisingly big difference.`,
      () => `And the numbers behind it are honestly wild.`,
      () => `It is older than almost anyone expects.`,
    ],
    payoff: [
      () => `Once you notice it, you start seeing it everywhere.`,
      () => `That's why it matters more than you think.`,
      (s) => (s.isQuestion ? `So now you know, and most people never will.` : `So next time someone mentions ${s.phrase}, you'll know.`),
    ],
  },
  story: {
    open: [
      () => `At first, nobody noticed anything unusual.`,
      () => `It began with a message nobody answered.`,
      () => `The weather that evening was perfectly calm.`,
    ],
    middle: [
      () => `Then one detail didn't add up.`,
      () => `People who were there still remember the silence.`,
      () => `Every clue pointed somewhere nobody wanted to look.`,
      () => `By morning, the whole town was talking.`,
      () => `The records from that week are oddly incomplete.`,
      () => `And the last person to leave never explained why.`,
    ],
    payoff: [
      () => `Years later, the full picture finally came out.`,
      () => `What they found changed how we tell the story.`,
      () => `Some questions from that night are still open.`,
    ],
  },
  motivation: {
    open: [
      () => `It isn't talent. It's what you repeat.`,
      () => `Start smaller than feels worth doing.`,
      () => `Forget the perfect plan for a minute.`,
    ],
    middle: [
      () => `Two minutes a day beats one perfect weekend.`,
      () => `Track it, because what you measure improves.`,
      () => `Expect the middle to feel boring. That's normal.`,
      () => `Missing once is fine. Missing twice becomes the habit.`,
      () => `Make the first step easy to start and hard to skip.`,
    ],
    payoff: [
      () => `In a month, you won't recognise your old routine.`,
      (s) => `That's how ${s.isQuestion ? 'this' : s.phrase} stops feeling impossible.`,
      () => `Progress is quiet until suddenly it isn't.`,
    ],
  },
};

/** `count` body lines: one opener and one payoff (two each in longer scripts), the middle between. */
function bodyLines(rand: () => number, phases: Phases, count: number): Template[] {
  const open = count >= 6 ? 2 : 1;
  const payoff = count >= 7 ? 2 : 1;
  const middle = count - open - payoff;
  return [
    ...shuffled(rand, phases.open).slice(0, open),
    ...shuffled(rand, phases.middle).slice(0, middle),
    ...shuffled(rand, phases.payoff).slice(0, payoff),
  ];
}

const CLOSERS: Record<Family, readonly string[]> = {
  curious: ['Follow for more things you never knew.', 'Save this and share it with a friend.', 'Which part surprised you? Tell me below.'],
  story: ['Follow for part two.', 'Would you have stayed? Tell me below.', 'Save this one for tonight.'],
  motivation: ['Start today, not Monday.', 'Save this for the day you need it.', 'Follow for one small win a day.'],
};

/** Topic → hook, 4–8 short lines and 3–6 hashtags, sized to the target length. */
export function writeOfflineScript(req: ScriptRequest): Script {
  const topic = req.topic.replace(/\s+/g, ' ').trim();
  if (!topic) throw new UserError('input', 'The topic is empty: give a topic or a script file.', 'topic');
  const genre = req.genre.trim().toLowerCase();
  const family = GENRE_FAMILY[genre] ?? 'curious';
  const rand = seeded(`${OFFLINE_WRITER_VERSION}|${topic.toLowerCase()}|${genre}|${req.targetSeconds}|${req.language}`);
  const subject = subjectOf(topic);

  const hook = pick(rand, HOOKS[family])(subject);
  const closer = pick(rand, CLOSERS[family]);
  // The body fills the time left after the hook and the closer; body lines average ~7 words.
  const wordsLeft = req.targetSeconds * WORDS_PER_SECOND - wordCount(hook) - wordCount(closer);
  const body = Math.min(MAX_LINES - 1, Math.max(MIN_LINES - 1, Math.round(wordsLeft / 7)));
  const lines = [...bodyLines(rand, LINES[family], body).map((t) => t(subject)), closer];

  return {
    title: titleOf(topic),
    hook,
    lines,
    hashtags: hashtagsFor(topic, genre, family),
    language: req.language,
    offlineDraft: true,
  };
}

function titleOf(topic: string): string {
  const t = capitalise(topic.replace(/[.!]+$/, ''));
  return t.length > 80 ? `${t.slice(0, 77).trimEnd()}…` : t;
}

const FAMILY_TAG: Record<Family, string> = { curious: 'didyouknow', story: 'storytime', motivation: 'motivation' };

/**
 * 3–6 tags: the topic as one tag (#blackholes, as people search it) or its first content
 * words when it is long, the genre, then the short-form staples.
 */
function hashtagsFor(topic: string, genre: string, family: Family): string[] {
  const tag = (w: string): string => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const words = [...new Set(contentWords(topic).map(tag))].filter(Boolean);
  const joined = words.slice(0, 3).join('');
  const topicTags = words.length <= 3 && joined.length <= 24 ? [joined] : words.slice(0, 2);
  const all = [...new Set([...topicTags, tag(genre), FAMILY_TAG[family], 'shorts'])].filter(Boolean);
  // A topic of stop words with no genre still gets three tags.
  if (all.length < 3) all.push('reels');
  return all.slice(0, 6).map((w) => `#${w}`);
}

/** Stands in for a decimal point while splitting sentences: a character no script contains. */
const DECIMAL_MARK = '\u{F8FF}';
const SENTENCE = /[^.!?。！？…]+(?:[.!?。！？…]+["'”’)]*|$)/gu;

/**
 * A creator's own script (--script-file): the first sentence is the hook, each following
 * sentence a line, as written. Line breaks end sentences too (scripts are often one line per
 * sentence without punctuation); a decimal point like "3.5" does not.
 */
export function scriptFromText(text: string, language = 'en'): Script {
  const sentences: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    const clean = para.replace(/\s+/g, ' ').trim();
    if (!clean) continue;
    // Protect decimal points so "3.5 million" stays one sentence.
    const guarded = clean.replace(/(\d)\.(\d)/g, `$1${DECIMAL_MARK}$2`);
    for (const m of guarded.match(SENTENCE) ?? []) {
      const s = m.replaceAll(DECIMAL_MARK, '.').trim();
      if (s) sentences.push(s);
    }
  }
  const hook = sentences[0];
  if (!hook) throw new UserError('input', 'The script file is empty: write the script as plain sentences, one or more per line.', 'script');
  return { title: titleOf(hook.replace(/[.!?。！？…]+$/u, '')), hook, lines: sentences.slice(1), hashtags: [], language, offlineDraft: false };
}
