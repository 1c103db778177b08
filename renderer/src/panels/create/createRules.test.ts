import { describe, expect, it } from 'vitest';
import { parseRemembered } from './createDefaults';
import { draftFromPreview, jobSpecFrom, lengthNote, parseHashtags, sameDraft, spokenText, type CreateChoices } from './createRules';

const choices: CreateChoices = {
  mode: 'topic', topic: 'Why octopuses have three hearts', ownScript: '', genre: 'facts', duration: 20, voice: 'system:en-us', voiceRate: 1,
  preset: 'shorts', quality: 'draft', visuals: 'auto', captionStyle: 'pop', brand: '', music: '', musicVolume: 0.5, voiceover: null,
};
const preview = {
  script: { title: 'Three hearts', hook: 'Octopuses have three hearts.', lines: ['Two pump blood to the gills.', 'Follow for more.'], hashtags: ['#octopus', '#ocean'], language: 'en', offlineDraft: true },
  ideas: { searchTerms: ['octopus'], mood: 'calm' }, virality: { score: 60, reasons: [] }, provider: 'offline',
};

describe('Create rules', () => {
  it('after Preview the edited script is what gets voiced, with its title and hashtags', () => {
    const draft = { ...draftFromPreview(preview), body: 'Two pump blood to the gills.\n\n  The third feeds the body.  ', hashtags: 'octopus, #sea  #sea' };
    expect(sameDraft(draft, draftFromPreview(preview))).toBe(false);
    expect(jobSpecFrom(choices, draft)).toEqual({
      genre: 'facts', duration: 20, preset: 'shorts', quality: 'draft', voice: 'system:en-us', captionStyle: 'pop', musicVolume: 0.5,
      script: 'Octopuses have three hearts.\nTwo pump blood to the gills.\nThe third feeds the body.', title: 'Three hearts', hashtags: ['#octopus', '#sea'],
      topic: 'Why octopuses have three hearts',
    });
  });

  it('without a preview the topic goes to the writer; visuals, music and own scripts map to the spec', () => {
    expect(jobSpecFrom({ ...choices, visuals: 'builtin:sunset', music: '/data/uploads/lofi.mp3' }, null)).toMatchObject({ topic: choices.topic, background: 'builtin:sunset', visuals: 'builtin', music: '/data/uploads/lofi.mp3' });
    const shots = jobSpecFrom({ ...choices, visuals: 'shots:library,stock,builtin' }, null);
    expect(shots).toMatchObject({ visuals: 'library,stock,builtin' });
    expect(shots).not.toHaveProperty('background');
    expect(jobSpecFrom(choices, null)).not.toHaveProperty('visuals');
    expect(jobSpecFrom({ ...choices, visuals: 'file:/clips/sea.mp4', brand: 'acme' }, null)).toMatchObject({ background: '/clips/sea.mp4', brand: 'acme' });
    expect(jobSpecFrom({ ...choices, mode: 'script', ownScript: ' My own words. ' }, null)).toMatchObject({ script: 'My own words.' });
    expect(jobSpecFrom({ ...choices, musicVolume: 1.4, voiceover: { path: '/d/uploads/take.m4a', trimSilence: true } }, null)).toMatchObject({ musicVolume: 1, voiceover: '/d/uploads/take.m4a', trimSilence: true });
    expect(jobSpecFrom({ ...choices, voiceRate: 1.25 }, null)).toMatchObject({ voice: 'system:en-us', voiceRate: 1.25 });
    expect(jobSpecFrom({ ...choices, voiceRate: 3 }, null)).toMatchObject({ voiceRate: 2 });
    // The creator's own voice-over is not sped up.
    expect(jobSpecFrom({ ...choices, voiceRate: 1.25, voiceover: { path: '/d/uploads/take.m4a', trimSilence: false } }, null)).not.toHaveProperty('voiceRate');
    expect(parseRemembered(JSON.stringify({ voiceRate: 1.5 })).voiceRate).toBe(1.5);
    expect(parseRemembered(JSON.stringify({ voiceRate: 9 }))).not.toHaveProperty('voiceRate');
    expect(jobSpecFrom({ ...choices, mode: 'script' }, null)).toMatch(/Write your script first/);
    expect(jobSpecFrom({ ...choices, topic: ' ' }, null)).toMatch(/Write a topic first/);
    expect(jobSpecFrom(choices, { title: '', hook: ' ', body: '', hashtags: '' })).toMatch(/script is empty/);
  });

  it('estimates the spoken length against the duration asked for', () => {
    const twenty = Array.from({ length: 50 }, () => 'word').join(' ');
    expect(lengthNote(twenty, 20)).toEqual({ text: '≈ 20 s spoken · on target', over: false });
    expect(lengthNote(twenty, 10)).toEqual({ text: '≈ 20 s spoken · 10 s over your 10 s', over: true });
    expect(lengthNote('one two', 30).text).toBe('≈ 1 s spoken · 29 s under your 30 s');
    expect(spokenText({ title: '', hook: 'Hi.', body: 'a\n\nb', hashtags: '' })).toBe('Hi.\na\nb');
    expect(parseHashtags('#a b,c #a ##d!')).toEqual(['#a', '#b', '#c', '#d']);
  });

  it('remembers only valid choices', () => {
    expect(parseRemembered(JSON.stringify({ voice: 'system:en-gb', duration: 45, preset: 'square', quality: 'draft', visuals: 'builtin:aurora', mode: 'script' }))).toEqual({
      voice: 'system:en-gb', duration: 45, preset: 'square', quality: 'draft', visuals: 'builtin:aurora', mode: 'script',
    });
    expect(parseRemembered(JSON.stringify({ duration: 999, preset: 'imax', quality: 'best', visuals: 'ftp:x', mode: 1 }))).toEqual({});
    expect(parseRemembered('not json')).toEqual({});
    expect(parseRemembered(null)).toEqual({});
  });
});
