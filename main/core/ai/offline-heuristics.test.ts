import { describe, expect, it } from 'vitest';
import { offlineIdeas, offlineVirality } from './offline-heuristics.js';
import { writeOfflineScript } from './offline-writer.js';
import { createOfflineProvider } from './offline-provider.js';
import type { Script } from './types.js';

const script = (hook: string, lines: string[], over: Partial<Script> = {}): Script => ({ title: 'T', hook, lines, hashtags: [], language: 'en', offlineDraft: false, ...over });
// Letters only: a digit would count as a number in the hook.
const words = (n: number): string => Array.from({ length: n }, () => 'blah').join(' ') + '.';

describe('offlineVirality', () => {
  it('states each measurement in its reason', () => {
    const v = offlineVirality(script('Why do 3 cats purr at night?', [words(10), words(10), words(10), words(10)]), 20);
    expect(v.reasons).toContain('Hook is 7 words (≤ 10 is punchy).');
    expect(v.reasons).toContain('Hook asks a question (+10).');
    expect(v.reasons).toContain('Hook has a number (+10).');
    // 47 words in 20 s.
    expect(v.reasons).toContain('Pace is 2.4 words/s (47 words in 20.0 s; 2–3.2 keeps attention).');
    expect(v.reasons).toContain('Length is 20 s spoken (20–45 s is the sweet spot).');
    expect(v.score).toBe(100);
  });

  it('scores a long, flat, rushed, overlong script low and says why', () => {
    const v = offlineVirality(script(words(22), Array.from({ length: 8 }, () => words(40))), 70);
    expect(v.reasons.join(' ')).toMatch(/Hook is 22 words/);
    expect(v.reasons.join(' ')).toMatch(/no question/);
    expect(v.reasons.join(' ')).toMatch(/too fast/);
    expect(v.reasons.join(' ')).toMatch(/Length is 70 s spoken .*cut a few lines/);
    expect(v.score).toBe(10);
  });

  it('is bounded 0–100 and higher for the better script', () => {
    const good = offlineVirality(script('Three facts about sharks?', Array.from({ length: 6 }, () => words(12))), 30);
    const bad = offlineVirality(script(words(16), [words(2)]), 3);
    for (const v of [good, bad]) {
      expect(v.score).toBeGreaterThanOrEqual(0);
      expect(v.score).toBeLessThanOrEqual(100);
      expect(Number.isInteger(v.score)).toBe(true);
    }
    expect(good.score).toBeGreaterThan(bad.score);
  });

  it('estimates length and does not claim a measured pace before the voice exists', () => {
    const v = offlineVirality(script('Sharks never stop.', Array.from({ length: 6 }, () => words(9))), null);
    expect(v.reasons.join(' ')).toMatch(/Pace not measured yet \(57 words/);
    expect(v.reasons.join(' ')).toMatch(/Length is 23 s estimated/);
  });
});

describe('offlineIdeas', () => {
  it('searches for the topic and the genre look, not the template words of a draft', () => {
    const draft = writeOfflineScript({ topic: 'Deep sea creatures', genre: 'nature', targetSeconds: 30, language: 'en' });
    const ideas = offlineIdeas(draft, 'nature');
    expect(ideas.searchTerms[0]).toBe('deep sea creatures');
    expect(ideas.searchTerms).toContain('forest aerial');
    expect(ideas.searchTerms.length).toBeLessThanOrEqual(6);
    expect(ideas.searchTerms.join(' ')).not.toMatch(/people|guess|engine/);
    expect(ideas.mood).toBe('calm, organic');
  });

  it("uses words a creator's own script repeats, and a default mood for unknown genres", () => {
    const own = script('Volcanoes are loud.', ['Lava flows slowly.', 'Lava glows at night.', 'Ash covers towns.'], { title: 'Volcanoes' });
    const ideas = offlineIdeas(own, 'weird-genre');
    expect(ideas.searchTerms).toContain('volcanoes');
    expect(ideas.searchTerms).toContain('lava');
    expect(ideas.mood).toBe('bright, modern');
  });
});

describe('offline provider', () => {
  it('identifies itself by algorithm versions and costs nothing', async () => {
    const p = createOfflineProvider();
    expect(p.identity).toMatchObject({ id: 'offline', model: 'offline-v1' });
    expect(p.identity.promptDigest.script).toMatch(/^offline-writer-v\d+$/);
    const r = await p.writeScript({ topic: 'tides', genre: 'facts', targetSeconds: 30, language: 'en' });
    expect(r.value.offlineDraft).toBe(true);
    expect(r.usage.costUsd).toBe(0);
    const ac = new AbortController();
    ac.abort();
    await expect(p.virality(r.value, null, { signal: ac.signal })).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
