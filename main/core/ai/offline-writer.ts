/**
 * The offline script writer: no key, no network, the same words for the same input. It is a
 * template writer, labelled as an offline draft in every manifest; its job is a usable draft
 * about the topic — built from the topic's own words and its kind of question — at the length
 * asked for, not prose and not filler that would fit any topic.
 *
 * Variety comes from a seeded pick among hooks, sections and closers; the seed is a hash of
 * the whole request, so one topic always gives one script and two topics rarely give the same one.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import { weightOf } from '../voice/pace.js';
import { bankFor, wordsFor } from './offline-lines.js';
import { readTopic } from './topic.js';
import type { Script, ScriptRequest } from './types.js';

/** Bump when the output for a given input changes: it is part of every offline cache key. */
export const OFFLINE_WRITER_VERSION = 'offline-writer-v3';
/** A rough speaking pace for budgets when the voice's own pace is not known (the virality heuristic uses it too). */
export const WORDS_PER_SECOND = 2.5;

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

type Family = 'curious' | 'story' | 'motivation';

const GENRE_FAMILY: Record<string, Family> = {
  story: 'story', horror: 'story', history: 'story', mystery: 'story', 'true crime': 'story',
  motivation: 'motivation', fitness: 'motivation', money: 'motivation', finance: 'motivation', productivity: 'motivation', selfhelp: 'motivation',
};

/** When the voice's pace is unknown: espeak-ng's measured pace, 120 ms between chunks, a 0.6 s tail. */
const DEFAULT_PACE = { msPerUnit: 166, gapMs: 120, tailMs: 600 };

/**
 * Topic → hook, lines and hashtags, sized to the length asked for. The lines come from the bank
 * for the topic's kind of question, filled with its own words (topic.ts, offline-lines.ts).
 * The length is predicted from the text at the voice's pace (req.pace, measured from the voice
 * itself once it has spoken): whole sections are taken in order and the body whose predicted
 * length is closest to the target wins.
 */
export function writeOfflineScript(req: ScriptRequest): Script {
  const topic = req.topic.replace(/\s+/g, ' ').trim();
  if (!topic) throw new UserError('input', 'The topic is empty: give a topic or a script file.', 'topic');
  const genre = req.genre.trim().toLowerCase();
  const family = GENRE_FAMILY[genre] ?? 'curious';
  const pace = { ...DEFAULT_PACE, ...req.pace };
  const rand = seeded(`${OFFLINE_WRITER_VERSION}|${topic.toLowerCase()}|${genre}|${req.targetSeconds}|${req.language}|${pace.msPerUnit}`);
  const shape = readTopic(topic);
  const bank = bankFor(shape, genre);
  const w = wordsFor(shape);

  const targetMs = Math.max(1000, req.targetSeconds * 1000 - pace.tailMs);
  // Lines are chunked on their own (a chunk never spans two lines), so their weights add up.
  const weights = new Map<string, { units: number; chunks: number }>();
  const weigh = (line: string): { units: number; chunks: number } => {
    let w0 = weights.get(line);
    if (!w0) {
      const m = weightOf([line]);
      w0 = { units: m.units, chunks: m.chunks };
      weights.set(line, w0);
    }
    return w0;
  };
  const predict = (lines: readonly string[]): number => {
    let units = 0;
    let chunks = 0;
    for (const l of lines) {
      const x = weigh(l);
      units += x.units;
      chunks += x.chunks;
    }
    return units * pace.msPerUnit + Math.max(0, chunks - 1) * pace.gapMs;
  };
  const hooks = bank.hooks.map((t) => t(w));
  const closers = bank.closers.map((t) => t(w));
  const seededHook = pick(rand, hooks);
  const seededCloser = pick(rand, closers);

  // Sections in order: the opening, the middle (seeded order unless the bank's order matters,
  // then the subject's own sections for long videos), the payoff.
  const sections = bank.sections.map((lines, i) => lines.map((t, j) => ({ text: t(w), core: bank.core?.(i, j) ?? false })));
  const [first = [], ...rest] = sections;
  const last = rest.length > 0 ? (rest.at(-1) as typeof first) : [];
  const between = rest.slice(0, -1);
  const extra = shape.kind === 'about' || shape.kind === 'howto' ? [] : bankFor({ ...shape, kind: 'about' }, '').sections.slice(1, -1).map((lines) => lines.map((t) => ({ text: t(w), core: false })));
  const body = [...first, ...(bank.ordered ? between : shuffled(rand, between)).flat(), ...shuffled(rand, extra).flat()];
  const optional = body.filter((l) => !l.core).length;

  // The script whose predicted voice length is closest to the target: the core lines and the
  // first n optional ones, with or without the payoff section; the seeded hook and closer
  // unless another one lands clearly closer (a short video needs a short hook).
  let best: { hook: string; lines: string[]; miss: number } | null = null;
  for (let n = 0; n <= optional; n++) {
    let taken = 0;
    const chosen = body.filter((l) => l.core || taken++ < n).map((l) => l.text);
    for (const withEnding of [true, false]) {
      // A very short video can do without the call to action.
      for (const closer of targetMs < 15_000 ? [...closers, null] : closers) {
        const lines = [...chosen, ...(withEnding || last.some((l) => l.core) ? last.map((l) => l.text) : []), ...(closer !== null ? [closer] : [])];
        if (lines.length === 0) continue;
        for (const hook of hooks) {
          const preference = (hook === seededHook ? 0 : 0.03) + (closer === seededCloser ? 0 : 0.03);
          const miss = Math.abs(predict([hook, ...lines]) - targetMs) / targetMs + preference;
          if (best === null || miss < best.miss - 1e-6) best = { hook, lines, miss };
        }
      }
    }
  }

  return {
    title: titleOf(topic),
    hook: best?.hook ?? seededHook,
    lines: best?.lines ?? [seededCloser],
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
