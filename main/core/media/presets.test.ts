import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { getPreset, PRESET_NAMES, resolvePreset } from './presets.js';

describe('presets', () => {
  it('has the five platform presets with the documented sizes and limits', () => {
    expect(PRESET_NAMES.sort()).toEqual(['landscape', 'reels', 'shorts', 'square', 'tiktok']);
    expect(getPreset('shorts')).toMatchObject({ width: 1080, height: 1920, fps: 30, crf: 23, maxDurationSec: 60 });
    expect(getPreset('tiktok')).toMatchObject({ width: 1080, height: 1920, maxDurationSec: 180 });
    expect(getPreset('reels')).toMatchObject({ width: 1080, height: 1920, maxDurationSec: 90 });
    expect(getPreset('square')).toMatchObject({ width: 1080, height: 1080 });
    expect(getPreset('landscape')).toMatchObject({ width: 1920, height: 1080, maxDurationSec: 600 });
  });

  it('an unknown name is a usage error listing the valid ones', () => {
    const err = (() => { try { getPreset('youtube'); return null; } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('usage');
    for (const n of PRESET_NAMES) expect((err as UserError).message).toContain(n);
    // Not fooled by Object.prototype keys.
    expect(() => getPreset('toString')).toThrow(UserError);
  });

  it('resolves encoder settings by quality', () => {
    const final = resolvePreset('shorts', undefined, 'final');
    expect(final).toMatchObject({
      width: 1080, height: 1920, fps: 30, videoCodec: 'libx264', x264Preset: 'veryfast', crf: 23,
      pixFmt: 'yuv420p', audioCodec: 'aac', audioBitrateKbps: 160, audioSampleRate: 48000,
    });
    expect(resolvePreset('shorts', undefined, 'draft').x264Preset).toBe('ultrafast');
    expect(resolvePreset('reels', undefined).x264Preset).toBe('veryfast');
  });

  it('applies a size override, and different sizes resolve to different values (cache keys)', () => {
    const small = resolvePreset('tiktok', { width: 180, height: 320 }, 'draft');
    expect(small).toMatchObject({ width: 180, height: 320, name: 'tiktok' });
    expect(JSON.stringify(small)).not.toBe(JSON.stringify(resolvePreset('tiktok', undefined, 'draft')));
  });

  it('rejects odd or absurd sizes', () => {
    expect(() => resolvePreset('shorts', { width: 181, height: 320 }, 'final')).toThrow(/even/);
    expect(() => resolvePreset('shorts', { width: 0, height: 320 }, 'final')).toThrow(UserError);
    expect(() => resolvePreset('shorts', { width: 180.5, height: 320 }, 'final')).toThrow(UserError);
  });
});
