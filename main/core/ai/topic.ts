/**
 * Pure: what kind of question a topic is and what it is about, so the offline writer can build
 * its lines from the topic's own words. "Why do cats purr" → why, subject "cats", action
 * "purr"; "Top 5 foods for sleep" → top, 5, "foods for sleep"; "Coffee vs tea" → versus.
 * A heuristic reading of English, not a parser: when it is unsure it keeps the topic whole.
 */

export type TopicKind = 'why' | 'how' | 'howto' | 'what' | 'top' | 'myth' | 'versus' | 'about';

export interface TopicShape {
  kind: TopicKind;
  /** The topic as typed, cleaned (no trailing punctuation). */
  text: string;
  /** What it is about: "cats", "the moon", "black holes", "foods for sleep". */
  subject: string;
  /** What the subject does or is, when the topic says: "purr", "change shape", "blue". */
  action: string | null;
  /** Whether the subject reads as plural (they/are) or singular (it/is). */
  plural: boolean;
  /** Top N: how many. */
  count: number | null;
  /** Versus: the two sides. */
  sides: [string, string] | null;
  /** Myth: the claim being tested ("we only use 10% of our brain"). */
  claim: string | null;
}

const AUX = /^(do|does|did|are|is|was|were|can|could|would|will|should|has|have)$/i;
const DETERMINERS = /^(the|a|an|some|our|your|my|their|most|many|all|every|this|that|these|those)$/i;
const LINKING = /^(are|is|was|were)$/i;
const NUMBER_WORDS: Record<string, number> = { three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

function clean(topic: string): string {
  return topic.replace(/\s+/g, ' ').trim().replace(/[?.!]+$/, '').trim();
}

/** A plural-looking head noun: "cats", "holes", "octopuses" (not "glass", "bus"). */
function looksPlural(word: string): boolean {
  return /[^su]s$/i.test(word) || /(ies|es)$/i.test(word) || /^(people|children|men|women|mice|geese|teeth|feet|fish|sheep)$/i.test(word);
}

function lowerFirst(s: string): string {
  const first = s.split(' ')[0] ?? '';
  // Acronyms and names keep their capitals ("NASA", "Rome").
  if (/^[A-Z0-9]{2,}$/.test(first) || (s.split(' ').length === 1 && /^[A-Z][a-z]/.test(s))) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** "why do <subject> <action>": the subject is a determiner and a word, or words up to a plural head. */
function splitSubject(words: string[], aux: string): { subject: string[]; rest: string[] } {
  if (words.length <= 1) return { subject: words, rest: [] };
  let end: number;
  if (DETERMINERS.test(words[0] ?? '')) {
    end = 2;
    // "the blue whale sing" → take one more word when the next still looks like part of the noun.
    if (words.length > 3 && !LINKING.test(aux) && /^[a-z]+$/.test(words[2] ?? '') && looksPlural(words[2] ?? '')) end = 3;
  } else if (/^(do|did)$/i.test(aux) || /^(are|were)$/i.test(aux)) {
    // Plural subject: up to the first plural-looking word among the first three.
    const head = words.slice(0, 3).findIndex(looksPlural);
    end = head >= 0 && head < words.length - 1 ? head + 1 : 1;
  } else {
    end = 1;
  }
  end = Math.min(end, words.length - 1);
  return { subject: words.slice(0, end), rest: words.slice(end) };
}

export function readTopic(topic: string): TopicShape {
  const text = clean(topic);
  const words = text.split(' ').filter(Boolean);
  const lower = text.toLowerCase();
  const base: TopicShape = { kind: 'about', text, subject: lowerFirst(text), action: null, plural: looksPlural(words.at(-1) ?? ''), count: null, sides: null, claim: null };

  const vs = /^(.+?)\s+(?:vs\.?|versus|or)\s+(.+)$/i.exec(text);
  if (vs?.[1] && vs[2] && vs[1].split(' ').length <= 4 && vs[2].split(' ').length <= 4 && !/^(why|how|what|is|are|do|does)\b/i.test(text)) {
    // The first side's capital is the sentence's, unless it is an acronym or a name that stays capitalised on the other side too.
    const a = /^[A-Z][a-z]/.test(vs[1]) && !/^[A-Z]/.test(vs[2]) ? vs[1].charAt(0).toLowerCase() + vs[1].slice(1) : vs[1];
    return { ...base, kind: 'versus', sides: [a, vs[2]], subject: `${a} and ${vs[2]}`, plural: true };
  }

  const top = /^(?:the\s+)?(?:top|best)\s+(\d+|three|four|five|six|seven|eight|nine|ten)\s+(.+)$/i.exec(text) ?? /^(\d+|three|four|five|six|seven|eight|nine|ten)\s+(.+)$/i.exec(text);
  if (top?.[1] && top[2]) {
    const n = /^\d+$/.test(top[1]) ? Number(top[1]) : (NUMBER_WORDS[top[1].toLowerCase()] ?? 5);
    if (n >= 2 && n <= 20) return { ...base, kind: 'top', count: n, subject: lowerFirst(top[2]), plural: true };
  }

  const myth = /^(?:the\s+)?(?:myth|truth)\s+(?:of|about|that)\s+(.+)$/i.exec(text) ?? /^(?:is it true that|do we really|is it really true that)\s+(.+)$/i.exec(text);
  if (myth?.[1] || /\b(myth|really true|actually true)\b/i.test(lower)) {
    const claim = myth?.[1] ? lowerFirst(myth[1]) : lowerFirst(text.replace(/\b(myth|really|actually|true)\b/gi, '').replace(/\s+/g, ' ').trim());
    const core = claim.replace(/^(that\s+)/i, '');
    // What the claim is about: its last noun phrase ("we only use 10% of our brain" → "our brain").
    const about = core.split(/\b(?:of|about|in|on|for)\b/).pop()?.trim() || core;
    return { ...base, kind: 'myth', claim: /^do we really/i.test(text) ? `we ${core}` : core, subject: about, plural: looksPlural(about.split(' ').at(-1) ?? '') };
  }

  const q = /^(why|how|what|who|when|where)\s+(\w+)\s*(.*)$/i.exec(text);
  if (q?.[1] && q[2]) {
    const wh = q[1].toLowerCase();
    const aux = q[2];
    const rest = (q[3] ?? '').split(' ').filter(Boolean);
    if (wh === 'how' && /^to$/i.test(aux)) {
      return { ...base, kind: 'howto', subject: rest.join(' ') || text, action: rest.join(' ') || null, plural: false };
    }
    if (AUX.test(aux) && rest.length > 0) {
      if (wh === 'what' && LINKING.test(aux)) {
        // "what is a black hole" / "what are black holes": the subject is all of it.
        const subject = lowerFirst(rest.join(' '));
        return { ...base, kind: 'what', subject, action: null, plural: /^(are|were)$/i.test(aux) || looksPlural(rest.at(-1) ?? '') };
      }
      const { subject, rest: action } = splitSubject(rest, aux);
      const kind: TopicKind = wh === 'why' ? 'why' : wh === 'how' ? 'how' : 'what';
      // "why is the sky blue": the action is being something.
      const said = action.join(' ');
      return {
        ...base, kind, subject: lowerFirst(subject.join(' ')), action: said ? (LINKING.test(aux) ? `be ${said}` : said) : null,
        plural: /^(do|are|were|have)$/i.test(aux) || looksPlural(subject.at(-1) ?? ''),
      };
    }
    // "why cats purr", "how bridges stay up": no auxiliary.
    const all = [aux, ...rest];
    const { subject, rest: action } = splitSubject(all, 'do');
    const kind: TopicKind = wh === 'why' ? 'why' : wh === 'how' ? 'how' : 'what';
    return { ...base, kind, subject: lowerFirst(subject.join(' ')), action: action.join(' ') || null, plural: looksPlural(subject.at(-1) ?? '') };
  }
  return base;
}

/** "purr" → "purring", "make honey" → "making honey", "stay up" → "staying up" (the first word only). */
export function ingForm(action: string): string {
  const [verb = '', ...rest] = action.split(' ');
  let v = verb.toLowerCase();
  if (/^(be|is|are)$/.test(v)) v = 'being';
  else if (/ie$/.test(v)) v = `${v.slice(0, -2)}ying`;
  else if (/[^aeiou]e$/.test(v) && v !== 'be') v = `${v.slice(0, -1)}ing`;
  else if (/^[^aeiou]*[aeiou][bdgmnpt]$/.test(v)) v = `${v}${v.slice(-1)}ing`;
  else v = `${v}ing`;
  return [v, ...rest].join(' ');
}

/** "purr" → "purrs" for a singular subject ("the moon changes shape"). */
export function thirdPerson(action: string): string {
  const [verb = '', ...rest] = action.split(' ');
  const v = verb.toLowerCase();
  let s: string;
  if (v === 'have') s = 'has';
  else if (v === 'be') s = 'is';
  else if (v === 'do') s = 'does';
  else if (v === 'go') s = 'goes';
  else if (/(s|sh|ch|x|z)$/.test(v)) s = `${v}es`;
  else if (/[^aeiou]y$/.test(v)) s = `${v.slice(0, -1)}ies`;
  else s = `${v}s`;
  return [s, ...rest].join(' ');
}
