import { describe, expect, it } from 'vitest';
import { offlineIdeas, offlineVirality } from './offline-heuristics.js';
import { scriptFromText, writeOfflineScript } from './offline-writer.js';

const req = { topic: 'Why cats purr', genre: 'explainer', targetSeconds: 30, language: 'en' };

describe('offline script writer', () => {
  it('writes a hook, lines and hashtags, marked as an offline draft', () => {
    const s = writeOfflineScript(req);
    expect(s.hook.length).toBeGreaterThan(5);
    expect(s.lines.length).toBeGreaterThanOrEqual(4);
    expect(s.hashtags.length).toBeGreaterThanOrEqual(3);
    for (const h of s.hashtags) expect(h).toMatch(/^#\S+$/);
    expect(s.offlineDraft).toBe(true);
    expect(s.title).toBe('Why cats purr');
    // No marks: the captions keep their offline rules (numbers, names, longest word; the emoji table).
    expect(s).not.toHaveProperty('keywords');
    expect(s).not.toHaveProperty('emoji');
  });
  it('is deterministic for the same input and differs across topics', () => {
    expect(writeOfflineScript(req)).toEqual(writeOfflineScript(req));
    const other = writeOfflineScript({ ...req, topic: 'How volcanoes erupt' });
    expect(other.lines.join(' ')).not.toEqual(writeOfflineScript(req).lines.join(' '));
  });
  it('scales the number of lines with the target length', () => {
    const short = writeOfflineScript({ ...req, targetSeconds: 10 }).lines.length;
    const long = writeOfflineScript({ ...req, targetSeconds: 60 }).lines.length;
    expect(short).toBeLessThanOrEqual(3);
    expect(long).toBeGreaterThanOrEqual(short * 4);
  });
  it('keeps a creator script as written: first sentence is the hook', () => {
    const s = scriptFromText('Cats purr for many reasons. Some purr when hurt. Science is unsure!');
    expect(s.hook).toBe('Cats purr for many reasons.');
    expect(s.lines).toEqual(['Some purr when hurt.', 'Science is unsure!']);
    expect(s.offlineDraft).toBe(false);
    expect(s).not.toHaveProperty('keywords');
  });
});

describe('offline ideas and virality', () => {
  it('derives search terms from the topic and a mood from the genre', () => {
    const ideas = offlineIdeas(writeOfflineScript(req), 'explainer');
    expect(ideas.searchTerms).toContain('cats');
    expect(ideas.mood).toBe('curious, bright');
  });
  it('scores 0–100 with reasons that state measurements', () => {
    const v = offlineVirality(writeOfflineScript(req), null);
    expect(v.score).toBeGreaterThanOrEqual(0);
    expect(v.score).toBeLessThanOrEqual(100);
    expect(v.reasons.some((r) => /Hook is \d+ words/.test(r))).toBe(true);
    expect(v.reasons.some((r) => /words\/s/.test(r))).toBe(true);
  });
  it('rewards a short question hook with a number over a long flat one', () => {
    const punchy = { title: 't', hook: 'Why do 3 cats purr?', lines: Array(6).fill('Cats purr when they feel safe and warm inside.'), hashtags: [], language: 'en', offlineDraft: true };
    const flat = { ...punchy, hook: 'This is a rather long and meandering opening sentence that never gets to the point at all' };
    expect(offlineVirality(punchy, 25).score).toBeGreaterThan(offlineVirality(flat, 25).score);
  });
});
