import type { AudioMix } from '../main/core/media/compile/audio-mix.js';
import type { RenderManifest } from '../main/core/pipeline/types.js';

/** The sound track a render used, rebuilt from its manifest: the floor runs the same mix by hand. */
export function manifestMix(m: RenderManifest, voiceWav: string): AudioMix {
  const s = m.sound;
  if (!s) throw new Error('bench: the manifest has no sound section');
  return {
    voiceWav, voiceGainDb: s.voiceGainDb, master: { gainDb: s.gainDb, limitDb: s.limitDb }, totalSec: m.durationSec,
    ...(s.music && s.musicGainDb !== null ? { music: { path: s.music, gainDb: s.musicGainDb } } : {}),
  };
}
