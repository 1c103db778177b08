import { describe, expect, it } from 'vitest';
import { recordingSpec } from './RecordingPicker';

describe('recordingSpec', () => {
  it('adds the voice-over (and pause trimming) to a job only when a recording is chosen', () => {
    expect(recordingSpec(null)).toEqual({});
    expect(recordingSpec({ path: '/d/uploads/take.m4a', name: 'take.m4a', durationSec: 31.2, trimSilence: false })).toEqual({ voiceover: '/d/uploads/take.m4a' });
    expect(recordingSpec({ path: '/d/take.wav', name: 'take.wav', durationSec: 9, trimSilence: true })).toEqual({ voiceover: '/d/take.wav', trimSilence: true });
  });
});
