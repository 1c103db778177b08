import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { predictVoiceMs } from '../voice/pace.js';
import { contentWords, scriptFromText, wordCount, writeOfflineScript } from './offline-writer.js';
import { readTopic } from './topic.js';
import type { ScriptRequest } from './types.js';

const req = (topic: string, over: Partial<ScriptRequest> = {}): ScriptRequest => ({ topic, genre: 'facts', targetSeconds: 30, language: 'en', ...over });
const TOPICS = ['Why do cats purr', 'How do bees make honey', 'What is a black hole', 'Top 5 foods for sleep', 'Coffee vs tea', 'Do we really only use 10% of our brain', 'Deep sea creatures', 'How to start running'];

describe('readTopic', () => {
  it.each([
    ['Why do cats purr', { kind: 'why', subject: 'cats', action: 'purr', plural: true }],
    ['why does the moon change shape?', { kind: 'why', subject: 'the moon', action: 'change shape', plural: false }],
    ['Why is the sky blue', { kind: 'why', subject: 'the sky', action: 'be blue', plural: false }],
    ['Why do black holes spin', { kind: 'why', subject: 'black holes', action: 'spin' }],
    ['How do bees make honey', { kind: 'how', subject: 'bees', action: 'make honey' }],
    ['How to start running', { kind: 'howto', action: 'start running' }],
    ['What is a black hole', { kind: 'what', subject: 'a black hole', plural: false }],
    ['Top 5 foods for sleep', { kind: 'top', count: 5, subject: 'foods for sleep' }],
    ['7 habits of calm people', { kind: 'top', count: 7, subject: 'habits of calm people' }],
    ['Coffee vs tea', { kind: 'versus', sides: ['coffee', 'tea'] }],
    ['The myth of the 10% brain', { kind: 'myth', claim: 'the 10% brain' }],
    ['Do we really only use 10% of our brain', { kind: 'myth', claim: 'we only use 10% of our brain' }],
    ['Deep sea creatures', { kind: 'about', subject: 'deep sea creatures', plural: true }],
    ['NASA', { kind: 'about', subject: 'NASA' }],
  ])('reads %j', (topic, shape) => {
    expect(readTopic(topic)).toMatchObject(shape);
  });
});

describe('writeOfflineScript', () => {
  it('is deterministic for the same input and marked as an offline draft', () => {
    const a = writeOfflineScript(req('Why do cats purr'));
    expect(writeOfflineScript(req('Why do cats purr'))).toEqual(a);
    expect(a.offlineDraft).toBe(true);
    expect(a.language).toBe('en');
    expect(a.title).toBe('Why do cats purr');
  });

  it('writes about the topic: its words in the hook and most lines, and little shared with another topic of the same kind', () => {
    for (const topic of TOPICS) {
      const s = writeOfflineScript(req(topic));
      const words = new Set(contentWords(topic).filter((w) => !/^(really|only|top|vs)$/.test(w)));
      // A countdown's entries belong to the topic's list even when they don't repeat its name.
      const mentions = (line: string): boolean => /^(And )?number/i.test(line) || contentWords(line).some((w) => words.has(w) || words.has(w.replace(/s$/, '')));
      expect(mentions(s.hook) || /\d/.test(s.hook)).toBe(true);
      const body = [s.hook, ...s.lines];
      expect(body.filter(mentions).length / body.length).toBeGreaterThanOrEqual(0.5);
    }
    // Two "why" topics share the kind's shape, not its sentences.
    const cats = writeOfflineScript(req('Why do cats purr', { targetSeconds: 45 }));
    const moon = writeOfflineScript(req('Why does the moon change shape', { targetSeconds: 45 }));
    const shared = cats.lines.filter((l) => moon.lines.includes(l));
    expect(shared.length / cats.lines.length).toBeLessThanOrEqual(0.34);
    // The old generic draft said nothing about cats.
    expect(cats.lines.join(' ')).toMatch(/cats/);
  });

  it('follows the kind of question: a countdown for top N, both sides for versus, the claim for a myth', () => {
    const top = writeOfflineScript(req('Top 5 foods for sleep', { targetSeconds: 20 }));
    for (const n of ['5', '4', '3', '2', 'one']) expect(top.lines.join(' ')).toContain(`umber ${n}`);
    const three = writeOfflineScript(req('Top 3 ways to save money', { targetSeconds: 10 }));
    expect((predictVoiceMs([three.hook, ...three.lines], { msPerUnit: 166 }, 120) + 600) / 1000).toBeLessThanOrEqual(11.5);
    expect(three.lines.join(' ')).toContain('number one');
    const vs = writeOfflineScript(req('Coffee vs tea'));
    expect(vs.hook).toMatch(/coffee/i);
    expect([vs.hook, ...vs.lines].join(' ')).toMatch(/tea/);
    expect(writeOfflineScript(req('Do we really only use 10% of our brain')).lines.join(' ')).toContain('we only use 10% of our brain');
    expect(writeOfflineScript(req('Why is the sky blue')).lines.join(' ')).toContain('why the sky is blue');
  });

  it('sizes the script to 10–90 s at the voice’s pace: predicted length within 12 % of the target', () => {
    for (const pace of [{ msPerUnit: 166, wordsPerSecond: 2.6, gapMs: 120, tailMs: 600 }, { msPerUnit: 200, wordsPerSecond: 2.2, gapMs: 120, tailMs: 600 }]) {
      for (const topic of TOPICS) {
        for (const seconds of [10, 30, 60, 90]) {
          // A countdown keeps every entry: five of them take about 14 s (Top 3 fits 10 s, below).
          if (topic.startsWith('Top 5') && seconds === 10) continue;
          const s = writeOfflineScript(req(topic, { targetSeconds: seconds, pace }));
          const predicted = (predictVoiceMs([s.hook, ...s.lines], pace, pace.gapMs) + pace.tailMs) / 1000;
          expect(Math.abs(predicted - seconds) / seconds, `${topic} at ${seconds} s (${pace.msPerUnit} ms/unit): ${predicted.toFixed(1)} s`).toBeLessThanOrEqual(0.12);
        }
      }
    }
  });

  it('keeps hooks and lines short, capitalised and punctuated, in every genre', () => {
    for (const topic of ['why is the sky blue', 'sharks', 'Ancient Egypt', 'Top 3 ways to save money']) {
      for (const genre of ['facts', 'story', 'motivation']) {
        const s = writeOfflineScript(req(topic, { genre }));
        for (const line of [s.hook, ...s.lines]) {
          expect(line).toMatch(/^[A-Z0-9]/);
          expect(line).toMatch(/[.?!]$/);
          expect(line).not.toMatch(/undefined|null|\{|\}/);
          expect(wordCount(line)).toBeLessThanOrEqual(18);
        }
      }
    }
  });

  it('gives 3–6 hashtags drawn from the topic and genre', () => {
    const s = writeOfflineScript(req('black holes', { genre: 'explainer' }));
    expect(s.hashtags.length).toBeGreaterThanOrEqual(3);
    expect(s.hashtags.length).toBeLessThanOrEqual(6);
    for (const t of s.hashtags) expect(t).toMatch(/^#[\p{L}\p{N}]+$/u);
    expect(s.hashtags).toContain('#blackholes');
    expect(s.hashtags).toContain('#explainer');
    // Even a topic of stop words and an empty genre gets three.
    expect(writeOfflineScript(req('why is it', { genre: '' })).hashtags.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects an empty topic as an input error', () => {
    expect(() => writeOfflineScript(req('   '))).toThrow(UserError);
  });
});

describe('scriptFromText', () => {
  it('makes the first sentence the hook and each following sentence a line', () => {
    const s = scriptFromText('Octopuses have three hearts! Two pump blood to the gills. The third stops when they swim.\nThat is why they crawl.');
    expect(s.hook).toBe('Octopuses have three hearts!');
    expect(s.lines).toEqual(['Two pump blood to the gills.', 'The third stops when they swim.', 'That is why they crawl.']);
    expect(s.title).toBe('Octopuses have three hearts');
    expect(s.offlineDraft).toBe(false);
    expect(s.hashtags).toEqual([]);
  });

  it('keeps decimals and unpunctuated lines intact', () => {
    const s = scriptFromText('It weighs 3.5 tonnes?\n\nno full stop here\n  and "quoted."  Done', 'de');
    expect(s.hook).toBe('It weighs 3.5 tonnes?');
    expect(s.lines).toEqual(['no full stop here', 'and "quoted."', 'Done']);
    expect(s.language).toBe('de');
  });

  it('rejects an empty script as an input error', () => {
    expect(() => scriptFromText(' \n\n ')).toThrow(/script file is empty/);
  });
});
