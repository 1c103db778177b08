/**
 * The offline script writer: no key, no network, same words for the same input. It is a
 * template writer, labelled as an offline draft in every manifest; its job is a usable,
 * well-paced draft that proves the pipeline, not prose.
 */
import { createHash } from 'node:crypto';
import type { Script, ScriptRequest } from './types.js';

export const OFFLINE_WRITER_VERSION = 'offline-writer-v1';
/** Speaking pace used to size the script: ~2.5 words per second is brisk short-form narration. */
export const WORDS_PER_SECOND = 2.5;

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

const STOP = new Set('a an the of to in on for and or but is are was were be why how what when where who which do does did you your it its this that with from at by about as into than then so if can will just'.split(' '));

export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const HOOKS = [
  (t: string) => `${capitalise(t)}? Here's what nobody tells you.`,
  (t: string) => `You've been wrong about ${t.toLowerCase()}.`,
  (t: string) => `${capitalise(t)}: the answer takes 30 seconds.`,
  (t: string) => `Three things about ${t.toLowerCase()} that sound made up.`,
] as const;

const LINES = [
  (k: string) => `First, ${k} is older and stranger than it looks.`,
  (k: string) => `Scientists still argue about how ${k} really works.`,
  (k: string) => `Here's the part that surprises most people about ${k}.`,
  (k: string) => `It comes down to one simple mechanism.`,
  (k: string) => `Think of ${k} like a tiny engine running in the background.`,
  (k: string) => `Small changes make a surprisingly big difference.`,
  (k: string) => `And the numbers behind ${k} are wild.`,
  (k: string) => `Once you notice it, you'll see ${k} everywhere.`,
  (_k: string) => `That's why it matters more than you think.`,
  (k: string) => `Next time someone asks about ${k}, you'll know.`,
] as const;

const CLOSERS = ['Follow for more things you never knew.', 'Save this for later and share it with a friend.', 'Which part surprised you? Tell me below.'] as const;

/** Topic → hook, 4–8 short lines and hashtags, sized to the target length. */
export function writeOfflineScript(req: ScriptRequest): Script {
  const topic = req.topic.replace(/\s+/g, ' ').trim().replace(/[?.!]+$/, '');
  const rand = seeded(`${OFFLINE_WRITER_VERSION}|${topic.toLowerCase()}|${req.genre}|${req.targetSeconds}|${req.language}`);
  const words = contentWords(topic);
  const key = words.slice(-2).join(' ') || topic.toLowerCase();
  const hook = pick(rand, HOOKS)(topic);
  // Each line is ~8 words; leave room for the hook and the closer.
  const budget = Math.max(0, req.targetSeconds * WORDS_PER_SECOND - 16);
  const count = Math.min(8, Math.max(4, Math.round(budget / 8)));
  const order = LINES.map((_, i) => i).sort(() => rand() - 0.5).slice(0, count - 1);
  const lines = [...order.map((i) => (LINES[i] as (k: string) => string)(key)), pick(rand, CLOSERS)];
  const tags = [...new Set([...words.slice(0, 3), req.genre.toLowerCase().replace(/[^a-z0-9]/g, ''), 'shorts', 'didyouknow'])]
    .filter(Boolean)
    .slice(0, 6)
    .map((w) => `#${w.replace(/[^\p{L}\p{N}]/gu, '')}`);
  return { title: capitalise(topic), hook, lines, hashtags: tags, language: req.language, offlineDraft: true };
}

/** A creator's own script: the first sentence is the hook, the rest become lines as written. */
export function scriptFromText(text: string, language = 'en'): Script {
  const sentences = (text.replace(/\s+/g, ' ').trim().match(/[^.!?。！？]+[.!?。！？]*/gu) ?? [text.trim()]).map((s) => s.trim()).filter(Boolean);
  const hook = sentences[0] ?? text.trim();
  const lines = sentences.slice(1);
  const title = hook.replace(/[.!?。！？]+$/u, '').slice(0, 80);
  return { title, hook, lines, hashtags: [], language, offlineDraft: false };
}
