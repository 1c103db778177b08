import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { scriptFromText, wordCount, writeOfflineScript } from './offline-writer.js';
import type { ScriptRequest } from './types.js';

const req = (topic: string, over: Partial<ScriptRequest> = {}): ScriptRequest => ({ topic, genre: 'facts', targetSeconds: 30, language: 'en', ...over });

describe('writeOfflineScript', () => {
  it('is deterministic for the same input and marked as an offline draft', () => {
    const a = writeOfflineScript(req('Why do cats purr'));
    expect(writeOfflineScript(req('Why do cats purr'))).toEqual(a);
    expect(a.offlineDraft).toBe(true);
    expect(a.language).toBe('en');
    expect(a.title).toBe('Why do cats purr');
  });

  it('varies across topics', () => {
    const topics = ['black holes', 'Why do cats purr', 'the history of coffee', 'how bridges stay up', 'octopus intelligence', 'Roman concrete'];
    const scripts = topics.map((t) => writeOfflineScript(req(t)));
    const bodies = new Set(scripts.map((s) => JSON.stringify([s.hook, s.lines])));
    expect(bodies.size).toBe(topics.length);
    const hooks = new Set(scripts.map((s) => s.hook.replace(/black holes|cats purr|coffee|bridges|octopus|concrete/gi, '')));
    expect(hooks.size).toBeGreaterThan(1);
  });

  it('writes a short hook and 4–8 short lines, more of them for longer videos', () => {
    const counts = [10, 15, 20, 30, 45, 60, 120].map((s) => {
      const script = writeOfflineScript(req('deep sea creatures', { targetSeconds: s }));
      expect(script.lines.length).toBeGreaterThanOrEqual(4);
      expect(script.lines.length).toBeLessThanOrEqual(8);
      expect(wordCount(script.hook)).toBeLessThanOrEqual(14);
      for (const line of script.lines) expect(wordCount(line)).toBeLessThanOrEqual(14);
      return script.lines.length;
    });
    expect(counts[0]).toBe(4);
    expect(counts.at(-1)).toBe(8);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] as number);
  });

  it('sizes the script near the target at ~2.5 words per second', () => {
    const script = writeOfflineScript(req('volcanoes', { targetSeconds: 25 }));
    const words = wordCount([script.hook, ...script.lines].join(' '));
    expect(words / 2.5).toBeGreaterThan(15);
    expect(words / 2.5).toBeLessThan(35);
  });

  it('hooks with a question or a claim, and reads as sentences', () => {
    for (const topic of ['why is the sky blue', 'sharks', 'Ancient Egypt']) {
      for (const genre of ['facts', 'story', 'motivation']) {
        const s = writeOfflineScript(req(topic, { genre }));
        for (const line of [s.hook, ...s.lines]) {
          expect(line).toMatch(/^[A-Z0-9]/);
          expect(line).toMatch(/[.?!]$/);
          expect(line).not.toMatch(/undefined|\{|\}/);
        }
      }
    }
    expect(writeOfflineScript(req('why is the sky blue')).hook).toMatch(/\?|wrong|stranger/);
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
