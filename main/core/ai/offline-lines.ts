/**
 * The offline writer's lines, by kind of question. Every line is built from the topic's own
 * words (its subject, what the subject does, the count, the two sides, the claim), so a script
 * about cats is about cats; none of these would fit another topic unchanged. Sections are
 * small runs of lines that belong together; a script takes whole sections in order until it
 * fills the time asked for.
 */
import { ingForm, thirdPerson, type TopicShape } from './topic.js';

/** The topic's words in the forms the templates need. */
export interface Words {
  /** "cats", "the moon", "black holes". */
  s: string;
  /** "Cats", "The moon". */
  S: string;
  they: string;
  them: string;
  /** are / is. */
  be: string;
  /** do / does. */
  does: string;
  /** "cats purr", "the moon changes shape" (the subject doing its action), or null. */
  act: string | null;
  /** "purr", "change shape" (base form), or null. */
  action: string | null;
  /** "purring", "changing shape", or null. */
  acting: string | null;
  /** The topic as a question: "Why do cats purr?" */
  question: string;
  count: number;
  a: string;
  b: string;
  claim: string;
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function wordsFor(t: TopicShape): Words {
  const plural = t.plural;
  const action = t.action;
  // "be blue" (from "why is the sky blue"): is/are, not "be".
  const conjugated = action === null ? null : /^be\b/.test(action) ? action.replace(/^be\b/, plural ? 'are' : 'is') : plural ? action : thirdPerson(action);
  const act = action ? `${t.subject} ${conjugated}` : null;
  const isQuestion = t.kind === 'why' || t.kind === 'how' || t.kind === 'what';
  return {
    s: t.subject,
    S: cap(t.subject),
    they: plural ? 'they' : 'it',
    them: plural ? 'them' : 'it',
    be: plural ? 'are' : 'is',
    does: plural ? 'do' : 'does',
    act,
    action,
    acting: action ? ingForm(action) : null,
    question: isQuestion ? `${cap(t.text)}?` : `What is really going on with ${t.subject}?`,
    count: t.count ?? 5,
    a: t.sides?.[0] ?? t.subject,
    b: t.sides?.[1] ?? t.subject,
    claim: t.claim ?? t.subject,
  };
}

type Line = (w: Words) => string;

export interface Bank {
  hooks: readonly Line[];
  /** The first section opens, the last one pays off; the ones between are taken in a seeded order. */
  sections: readonly (readonly Line[])[];
  closers: readonly Line[];
  /** Sections that must stay in the order written (steps, a countdown). */
  ordered?: boolean;
  /** Lines every script keeps (a countdown's entries); the other lines fill the time. */
  core?: (sectionIndex: number, lineIndex: number) => boolean;
}

/** "why cats purr" / "why the moon changes shape"; without an action, "why <subject> matters". */
const whyClause = (w: Words): string => (w.act ? `why ${w.act}` : `why ${w.s} ${w.be} the way ${w.they} ${w.be}`);
const doing = (w: Words): string => w.acting ?? `being ${w.s}`;

const WHY: Bank = {
  hooks: [
    (w) => w.question,
    (w) => `${w.question} The real answer is stranger than you think.`,
    (w) => (w.act ? `Everyone has seen ${w.s} ${w.action}. Almost nobody knows why.` : `${w.S} ${w.be} like this for a reason.`),
    (w) => `There is a real reason ${w.act ?? w.s}, and it is not the obvious one.`,
  ],
  sections: [
    [(w) => `Most people have a quick answer for ${whyClause(w)}.`, () => 'That answer is only half of the story.'],
    [(w) => `Start with what actually happens when ${w.act ?? w.s}.`, (w) => `Something has to make ${doing(w)} happen, and it is not random.`],
    [(w) => `Now ask what ${doing(w)} does for ${w.them}.`, (w) => `Any good answer to ${whyClause(w)} has to explain that.`],
    [(w) => `People who study ${w.s} keep coming back to this question.`, (w) => `And the evidence about ${doing(w)} points in one direction.`],
    [(w) => `Here is the surprising part about ${doing(w)}.`, (w) => `It is not always a sign of what ${w.they} seem to feel.`],
    [(w) => `Timing matters too: watch when ${w.act ?? w.s} and when ${w.they} stop.`, () => 'The pattern gives the reason away.'],
    [(w) => `It also explains a few odd things about ${w.s}.`, (w) => `Things that looked random about ${w.s} suddenly make sense.`],
    [(w) => `The reason ${w.act ?? w.s} is older than most people guess.`, (w) => `It was shaping ${w.s} long before anyone asked.`],
    [(w) => `Next time you notice ${w.act ?? w.s}, look at what came right before.`, (w) => `That one detail answers ${whyClause(w)}.`],
  ],
  closers: [
    () => 'Follow for more everyday mysteries explained.',
    (w) => `Did you know ${whyClause(w)}? Tell me below.`,
    (w) => `Save this for the next time someone asks ${whyClause(w)}.`,
  ],
};

const HOW: Bank = {
  hooks: [
    (w) => w.question,
    (w) => (w.act ? `${cap(w.act)}. Here is how, step by step.` : `${w.S}, explained step by step.`),
    (w) => `The way ${w.act ?? `${w.s} work${w.does === 'does' ? 's' : ''}`} is cleverer than it looks.`,
  ],
  ordered: true,
  sections: [
    [(w) => `To see how ${w.act ?? `${w.s} work${w.does === 'does' ? 's' : ''}`}, break it into steps.`, (w) => `Each step of ${doing(w)} depends on the one before.`],
    [(w) => `Step one: ${w.s} need${w.does === 'does' ? 's' : ''} the right starting conditions.`, (w) => `Without them, ${doing(w)} never gets going.`],
    [(w) => `Step two is the slow part of ${doing(w)}.`, (w) => `${w.S} cannot rush it, and that is by design.`],
    [(w) => `Step three: the result of ${doing(w)} gets checked.`, () => 'Anything that fails the check is thrown out.'],
    [(w) => `The clever part is how little ${w.s} waste${w.does === 'does' ? 's' : ''} along the way.`, (w) => `Every bit of effort in ${doing(w)} has a job.`],
    [(w) => `Skip any step and ${w.s} simply cannot ${w.action ?? 'work'}.`, () => 'That is why the order never changes.'],
    [(w) => `Scale makes ${doing(w)} even more impressive.`, (w) => `Multiply it by every one of ${w.them}, every day.`],
    [(w) => `Most people picture ${doing(w)} as one quick event.`, () => 'It is really a chain of small, careful moves.'],
    [(w) => `So next time you think about ${doing(w)}, picture the steps.`, (w) => `That is how ${w.act ?? w.s}, from start to finish.`],
  ],
  closers: [
    () => 'Follow for more things explained simply.',
    (w) => `Which step of ${doing(w)} surprised you? Tell me below.`,
    () => 'Save this and share it with someone curious.',
  ],
};

const HOWTO: Bank = {
  hooks: [
    (w) => `Want to ${w.action ?? w.s}? Start here.`,
    (w) => `Most people try to ${w.action ?? w.s} the hard way.`,
    (w) => `${cap(w.action ?? w.s)} in three simple steps.`,
  ],
  sections: [
    [(w) => `First, decide why you want to ${w.action ?? w.s}.`, () => 'A clear reason carries you through the slow days.'],
    [(w) => `Then make the first step to ${w.action ?? w.s} so easy you cannot skip it.`, () => 'Ten minutes counts. Five minutes counts.'],
    [(w) => `Most people who try to ${w.action ?? w.s} quit in the second week.`, () => 'Plan for that week before it arrives.'],
    [(w) => `Keep a simple record each time you ${w.action ?? w.s}.`, () => 'Seeing the streak grow is half the motivation.'],
    [(w) => `Do not copy someone else's plan to ${w.action ?? w.s} exactly.`, () => 'Fit it around the life you already have.'],
    [(w) => `The biggest mistake when you ${w.action ?? w.s} is doing too much too soon.`, () => 'Slow and steady wins here, every time.'],
    [(w) => `Pick a fixed time of day to ${w.action ?? w.s}.`, () => 'A time you keep beats a plan you keep moving.'],
    [(w) => `Tell one friend that you have decided to ${w.action ?? w.s}.`, () => 'Saying it out loud makes it harder to drop.'],
    [(w) => `Expect some days when you do not want to ${w.action ?? w.s} at all.`, () => 'On those days, do the smallest version and stop.'],
    [(w) => `Find one person who already managed to ${w.action ?? w.s}.`, () => 'Ask what they wish they had known in week one.'],
    [(w) => `Celebrate every small win on the way to ${w.action ?? w.s}.`, () => 'Small wins are what keep the habit alive.'],
    [(w) => `After a month, look back at the day you decided to ${w.action ?? w.s}.`, () => 'You will not recognise your first week.'],
    [(w) => `That is how people actually manage to ${w.action ?? w.s}.`, () => 'Not with willpower, but with a plan that fits.'],
  ],
  closers: [
    (w) => `Save this for the day you decide to ${w.action ?? w.s}.`,
    () => 'Follow for one small step a day.',
    (w) => `Are you ready to ${w.action ?? w.s}? Tell me below.`,
  ],
};

const WHAT: Bank = {
  hooks: [
    (w) => w.question,
    (w) => `You have heard of ${w.s}. Here is what ${w.they} really ${w.be}.`,
    (w) => `${w.S}, explained in under a minute.`,
  ],
  sections: [
    [(w) => `In one sentence, ${w.s} ${w.be} easier to explain than ${w.they} sound${w.they === 'it' ? 's' : ''}.`, (w) => `Forget the textbook version of ${w.s} for a moment.`],
    [(w) => `Think of ${w.s} as a few simple parts working together.`, (w) => `Each part of ${w.s} does one job.`],
    [(w) => `The first part is the one everyone notices about ${w.s}.`, () => 'The second part is the one that actually matters.'],
    [(w) => `${w.S} did not always look the way ${w.they} ${w.does === 'does' ? 'does' : 'do'} today.`, (w) => `The story of how ${w.s} came to be is worth knowing.`],
    [(w) => `The numbers behind ${w.s} are bigger than most people guess.`, () => 'Bigger, and much harder to picture.'],
    [(w) => `The most common mistake is thinking ${w.s} ${w.be} simple.`, (w) => `${w.S} ${w.be} simple to describe, not simple to understand.`],
    [(w) => `You run into the effects of ${w.s} more often than you realise.`, (w) => `Once you know what ${w.s} ${w.be}, you spot ${w.them} everywhere.`],
    [(w) => `So what ${w.be} ${w.s}? Now you can explain it yourself.`, (w) => `And most people still cannot explain ${w.s} at all.`],
  ],
  closers: [
    () => 'Follow for more things you never knew.',
    (w) => `What else do you want to know about ${w.s}? Tell me below.`,
    () => 'Save this and share it with a friend.',
  ],
};

/** What each countdown entry is, kept short: a countdown keeps every entry, even in a short video. */
const ORDINAL_NOTES: readonly string[] = [
  'the one people overlook', 'the easiest to try', 'the best studied', 'the fastest to work',
  'the most misunderstood', 'the cheapest', 'the fan favourite', 'the biggest surprise',
];

const TOP_DETAILS: readonly Line[] = [
  (w) => `Of all the ${w.s}, this is the one to start with.`,
  () => 'Most people skip it because it looks too simple.',
  () => 'The research on this one is surprisingly solid.',
  () => 'You will notice the difference within a week.',
  () => 'Get this one right and the rest gets easier.',
  () => 'It costs almost nothing, which is why it gets ignored.',
  (w) => `People who love ${w.s} swear by this one.`,
  () => 'I did not expect it to be this high on the list.',
];

/** Top N: a countdown; every entry is kept, the detail after each one fills longer videos. */
function topBank(count: number): Bank {
  const items: (readonly Line[])[] = [];
  for (let k = count; k >= 1; k--) {
    const i = count - k;
    const note = ORDINAL_NOTES[i % ORDINAL_NOTES.length] as string;
    items.push([
      () => (k === 1 ? `And number one: ${note}.` : `Number ${k}: ${note}.`),
      TOP_DETAILS[i % TOP_DETAILS.length] as Line,
    ]);
  }
  return {
    ordered: true,
    core: (section, line) => section > 0 && section <= count && line === 0,
    hooks: [
      (w) => `${cap(String(count))} ${w.s} worth knowing about.`,
      (w) => `The top ${count} ${w.s}, and number one surprised me.`,
      (w) => `Here are ${count} ${w.s} most people never try.`,
    ],
    sections: [
      [(w) => `Not all ${w.s} are equal, so this list counts down.`],
      ...items,
      [(w) => `That is the list: ${count} ${w.s}, from good to best.`],
    ],
    closers: [
      (w) => `Which of these ${w.s} would you try first? Tell me below.`,
      (w) => `Save this list of ${w.s} for later.`,
      () => 'Follow for more lists like this.',
    ],
  };
}

const MYTH: Bank = {
  hooks: [
    (w) => `You have heard that ${w.claim}. Is it true?`,
    (w) => `The idea that ${w.claim} refuses to die.`,
    (w) => `Is it really true that ${w.claim}?`,
  ],
  sections: [
    [(w) => `The claim sounds simple: ${w.claim}.`, (w) => `It spread because it feels true about ${w.s}.`],
    [(w) => `But what feels true about ${w.s} is not always true.`, (w) => `So where did the idea that ${w.claim} come from?`],
    [(w) => `Trace the claim about ${w.s} back to its source.`, () => 'The original says something much smaller.'],
    [(w) => `Here is how to test the claim that ${w.claim} yourself.`, (w) => `Ask what you would see in ${w.s} if it were true.`],
    [() => 'Then look for that evidence, and notice what is missing.', (w) => `That gap is where the claim that ${w.claim} falls apart.`],
    [(w) => `The myth about ${w.s} survives for a reason.`, () => 'It is easy to repeat and hard to check.'],
    [(w) => `People who study ${w.s} have heard this one many times.`, (w) => `Ask them about ${w.s} and they will tell you the real picture.`],
    [(w) => `So before you repeat that ${w.claim}, check the source.`, (w) => `The truth about ${w.s} is more interesting anyway.`],
  ],
  closers: [
    () => 'Follow for more myths, tested.',
    (w) => `What else have you heard about ${w.s}? Tell me below.`,
    () => 'Share this with the friend who still believes it.',
  ],
};

const VERSUS: Bank = {
  hooks: [
    (w) => `${cap(w.a)} or ${w.b}: which one actually wins?`,
    (w) => `${cap(w.a)} versus ${w.b}. Let's settle it.`,
    (w) => `Everyone has an opinion on ${w.a} versus ${w.b}.`,
  ],
  sections: [
    [(w) => `On paper, ${w.a} and ${w.b} look like equals.`, () => 'Look closer and the differences pile up.'],
    [(w) => `Round one: cost. Compare what ${w.a} and ${w.b} really cost you.`, (w) => `The sticker price of ${w.a} is only the start.`],
    [(w) => `Round two: time. Count how long ${w.a} takes, then ${w.b}.`, () => 'The gap is bigger than most people think.'],
    [(w) => `Round three: the long run, where ${w.a} and ${w.b} really split.`, (w) => `${cap(w.b)} has one advantage here that is hard to beat.`],
    [(w) => `Most people pick ${w.a} out of habit, not reason.`, (w) => `Fans of ${w.b} do the same thing, just the other way.`],
    [(w) => `So who wins, ${w.a} or ${w.b}?`, (w) => `It depends on what you need ${w.a} or ${w.b} for.`],
  ],
  closers: [
    (w) => `Team ${w.a} or team ${w.b}? Tell me below.`,
    () => 'Follow for more head-to-heads.',
    () => 'Save this for the next argument.',
  ],
};

const ABOUT: Bank = {
  ordered: true,
  hooks: [
    (w) => `${w.S}: the part most people never hear.`,
    (w) => `Everything you know about ${w.s} is only half the story.`,
    (w) => `${w.S} ${w.be} stranger than fiction.`,
    (w) => w.question,
  ],
  sections: [
    [(w) => `Most people think they understand ${w.s}.`, (w) => `But ask them one simple question about ${w.s} and they stall.`],
    [(w) => `For a start, ${w.s} ${w.be} older than most people guess.`, (w) => `The history of ${w.s} goes back much further than the headlines.`],
    [(w) => `${w.S} ${w.be} also more common than you would think.`, (w) => `Once you start looking for ${w.s}, you see ${w.them} everywhere.`],
    [(w) => `And the numbers behind ${w.s} are hard to believe.`, () => 'Bigger, smaller or faster than anyone expects.'],
    [(w) => `Experts still argue about parts of ${w.s}.`, (w) => `Some questions about ${w.s} are still wide open.`],
    [(w) => `The biggest mistake people make about ${w.s} is assuming ${w.they} ${w.be} simple.`, (w) => `${w.S} ${w.be} simple to name, not simple to explain.`],
    [(w) => `The way people talk about ${w.s} has changed a lot.`, (w) => `What everyone believed about ${w.s} fifty years ago looks odd now.`],
    [(w) => `There is one detail about ${w.s} that almost nobody mentions.`, () => 'Once you hear it, the rest clicks into place.'],
    [(w) => `Ask an expert about ${w.s} and watch them light up.`, (w) => `The deeper you go into ${w.s}, the stranger it gets.`],
    [(w) => `Some of the best stories about ${w.s} are the small ones.`, () => 'The little details are where it gets human.'],
    [(w) => `If you want to see ${w.s} for yourself, start close to home.`, () => 'You will be surprised how much you notice.'],
    [(w) => `And ${w.s} affect${w.they === 'it' ? 's' : ''} you more than you might expect.`, (w) => `That is why ${w.s} ${w.be} worth a minute of your time.`],
    [(w) => `So next time someone mentions ${w.s}, you will know the real story.`],
  ],
  closers: [
    () => 'Follow for more things you never knew.',
    (w) => `What should I cover next about ${w.s}? Tell me below.`,
    () => 'Save this and share it with a friend.',
  ],
};

/** Story and motivation videos about a plain subject get their own arc; questions keep theirs. */
const STORY: Bank = {
  hooks: [
    (w) => `Nobody believed the story of ${w.s} at first.`,
    (w) => `The strangest chapter of ${w.s} lasted one night.`,
    (w) => `This is the story of ${w.s}, and it starts quietly.`,
  ],
  sections: [
    [(w) => `At first, nothing about ${w.s} seemed unusual.`, () => 'Then one detail did not add up.'],
    [(w) => `People close to ${w.s} still remember the moment it changed.`, () => 'Every clue pointed somewhere nobody wanted to look.'],
    [(w) => `The records about ${w.s} from that time are oddly incomplete.`, () => 'Someone, somewhere, decided not to write it down.'],
    [(w) => `By the next morning, everyone was talking about ${w.s}.`, () => 'But nobody was telling the same version.'],
    [(w) => `Years later, the full story of ${w.s} finally came out.`, (w) => `And it changed how we talk about ${w.s} today.`],
  ],
  closers: [() => 'Follow for part two.', () => 'Would you have believed it? Tell me below.', () => 'Save this one for tonight.'],
};

const MOTIVATION: Bank = {
  hooks: [
    (w) => `Ninety days of ${w.s} changed one thing.`,
    (w) => `Why does ${w.s} feel so hard?`,
    (w) => `You do not need more motivation for ${w.s}. You need this.`,
  ],
  sections: [
    [(w) => `${w.S} is not about talent. It is about what you repeat.`, (w) => `Start ${w.s} smaller than feels worth doing.`],
    [(w) => `Two minutes of ${w.s} a day beats one perfect weekend.`, () => 'Track it, because what you measure improves.'],
    [(w) => `The middle part of ${w.s} feels boring. That is normal.`, () => 'Missing once is fine. Missing twice becomes the habit.'],
    [(w) => `Make the first step of ${w.s} easy to start and hard to skip.`, () => 'Put it where you cannot avoid it.'],
    [(w) => `In a month, ${w.s} will not feel like effort any more.`, (w) => `That is how ${w.s} stops feeling impossible.`],
  ],
  closers: [() => 'Start today, not Monday.', () => 'Save this for the day you need it.', () => 'Follow for one small win a day.'],
};

const GENRE_BANK: Record<string, Bank> = {
  story: STORY, horror: STORY, history: STORY, mystery: STORY, 'true crime': STORY,
  motivation: MOTIVATION, fitness: MOTIVATION, productivity: MOTIVATION, selfhelp: MOTIVATION,
};

/** The bank for a topic: its kind of question, or for a plain subject the genre's arc. */
export function bankFor(t: TopicShape, genre: string): Bank {
  switch (t.kind) {
    case 'why': return WHY;
    case 'how': return HOW;
    case 'howto': return HOWTO;
    case 'what': return WHAT;
    case 'top': return topBank(t.count ?? 5);
    case 'myth': return MYTH;
    case 'versus': return VERSUS;
    default: return GENRE_BANK[genre] ?? ABOUT;
  }
}
