import { describe, expect, it } from 'vitest';
import type { VoiceInfo } from '../types/contract';
import { groupVoices, voiceLabel } from './voiceGroups';

const voices: VoiceInfo[] = [
  { id: 'system:en-us', engine: 'system', name: 'English (America)', language: 'en-us' },
  { id: 'system:fr-fr', engine: 'system', name: 'French (France)', language: 'fr-fr' },
  { id: 'edge:fr-FR-DeniseNeural', engine: 'edge', name: 'Denise', language: 'fr-FR', gender: 'female' },
  { id: 'edge:en-US-AvaMultilingualNeural', engine: 'edge', name: 'Ava Multilingual', language: 'en-US', gender: 'female' },
  { id: 'edge:en-US-AndrewNeural', engine: 'edge', name: 'Andrew', language: 'en-US', gender: 'male' },
  { id: 'openai:nova', engine: 'openai', name: 'nova' },
];

describe('groupVoices', () => {
  it('puts the default first, then engines (Edge first) and languages (English first), names sorted', () => {
    const g = groupVoices(voices, '', 'system:en-us');
    expect(g.map((x) => x.label)).toEqual(['Default', 'Edge (online, free) · en-US', 'Edge (online, free) · fr-FR', 'System · fr-fr', 'OpenAI · other']);
    expect(g[1]?.voices.map((v) => v.name)).toEqual(['Andrew', 'Ava Multilingual']);
  });

  it('filters by every word typed, across name, language, gender and engine', () => {
    expect(groupVoices(voices, 'edge female en', '').flatMap((x) => x.voices.map((v) => v.id))).toEqual(['edge:en-US-AvaMultilingualNeural']);
    expect(groupVoices(voices, 'nobody', 'system:en-us')).toEqual([]);
    expect(groupVoices(voices, 'fr-FR', '').flatMap((x) => x.voices.map((v) => v.id))).toEqual(['edge:fr-FR-DeniseNeural', 'system:fr-fr']);
    expect(voiceLabel(voices[3]!)).toBe('Ava Multilingual (en-US, female)');
  });
});
