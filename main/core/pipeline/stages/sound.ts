/**
 * Sound: measure the voice and the music, then solve the master gain and limiter on the very
 * chain the compile will run, before the compile — audio only, so it costs a fraction of a
 * second — and hand the compile a mix whose loudness is already known: −14 LUFS integrated,
 * true peak under −1.5 dBTP before the encode. Every measurement is cached: the voice's by its
 * key, the music's by its identity, the plan by both.
 */
import { buildAudioMix, musicGainFor, VOICE_REFERENCE_LUFS, voiceGainFor, type AudioMix } from '../../media/compile/audio-mix.js';
import type { Loudness } from '../../media/loudness/ebur128.js';
import { solveMaster, TARGET_LUFS, type MasterResult } from '../../media/loudness/master.js';
import { measureLoudness } from '../../media/loudness/measure.js';
import { cachedJson, stageKey, type StageCacheContext } from '../stage-cache.js';

const VERSION = 1;

export interface SoundInputs {
  voice: { key: string; wavPath: string };
  music: { path: string; identity: string } | null;
  /** 0..1: the music bed's level under the voice (see musicOffsetLu). */
  musicVolume: number;
  totalSec: number;
  ffmpeg: { ffmpeg: string; version: string };
}

/** What the manifest says about the sound (before the AAC encode, which moves it by about 0.1 LU). */
export interface SoundReport {
  integratedLufs: number;
  truePeakDb: number;
  gainDb: number;
  voiceLufs: number;
  musicLufs: number | null;
  /** Quick audio-only measurements it took to solve the master (0 when cached). */
  measurements: number;
  onTarget: boolean;
}

export interface SoundPlan {
  key: string;
  mix: AudioMix;
  report: SoundReport;
}

interface StoredPlan {
  voiceGainDb: number;
  musicGainDb: number | null;
  master: MasterResult;
  voiceLufs: number;
  musicLufs: number | null;
}

async function loudnessOf(ctx: StageCacheContext, ffmpeg: SoundInputs['ffmpeg'], what: string, identity: unknown, file: string, signal: AbortSignal): Promise<Loudness> {
  const key = stageKey('sound', VERSION, { measure: what, identity, ffmpeg: ffmpeg.version });
  const r = await cachedJson(ctx, 'compile', 'sound', key, async () => ({
    value: await measureLoudness(ffmpeg.ffmpeg, { inputs: [{ source: file, options: [] }], filter: '[0:a]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[out]' }, signal),
  }));
  return r.value;
}

export async function soundStage(ctx: StageCacheContext, inp: SoundInputs, signal: AbortSignal): Promise<SoundPlan> {
  const volume = Math.round(inp.musicVolume * 100) / 100;
  const key = stageKey('sound', VERSION, {
    voice: inp.voice.key, music: inp.music?.identity ?? null, volume: inp.music ? volume : null,
    totalSec: inp.totalSec, target: TARGET_LUFS, ffmpeg: inp.ffmpeg.version,
  });
  let measurements = 0;
  const stored = await cachedJson<StoredPlan>(ctx, 'compile', 'sound', key, async () => {
    const [voice, music] = await Promise.all([
      loudnessOf(ctx, inp.ffmpeg, 'voice', inp.voice.key, inp.voice.wavPath, signal),
      inp.music ? loudnessOf(ctx, inp.ffmpeg, 'music', inp.music.identity, inp.music.path, signal) : null,
    ]);
    const voiceGainDb = voiceGainFor(voice.integratedLufs);
    const musicGainDb = music ? musicGainFor(music.integratedLufs, volume) : null;
    const draft = (master: AudioMix['master']): AudioMix => ({
      voiceWav: inp.voice.wavPath, voiceGainDb, master, totalSec: inp.totalSec,
      ...(inp.music && musicGainDb !== null ? { music: { path: inp.music.path, gainDb: musicGainDb } } : {}),
    });
    // The compressed voice at the reference level sits about 6 LU under it: a first guess the
    // solver corrects from the real measurement.
    const master = await solveMaster(async (s) => {
      measurements++;
      const part = buildAudioMix(draft(s), 0, 'out');
      const m = await measureLoudness(inp.ffmpeg.ffmpeg, { inputs: part.inputs, filter: part.filter, durationSec: inp.totalSec }, signal);
      // JSON has no −Infinity (digital silence): store a floor instead.
      return { ...m, truePeakDb: Math.max(-120, m.truePeakDb) };
    }, { gainDb: TARGET_LUFS - (VOICE_REFERENCE_LUFS - 6), limitDb: -2 });
    return { value: { voiceGainDb, musicGainDb, master, voiceLufs: voice.integratedLufs, musicLufs: music?.integratedLufs ?? null } };
  });
  const plan = stored.value;
  const mix: AudioMix = {
    voiceWav: inp.voice.wavPath, voiceGainDb: plan.voiceGainDb, master: plan.master.settings, totalSec: inp.totalSec,
    ...(inp.music && plan.musicGainDb !== null ? { music: { path: inp.music.path, gainDb: plan.musicGainDb } } : {}),
  };
  return {
    key,
    mix,
    report: {
      integratedLufs: plan.master.measured.integratedLufs,
      truePeakDb: plan.master.measured.truePeakDb,
      gainDb: plan.master.settings.gainDb,
      voiceLufs: plan.voiceLufs,
      musicLufs: plan.musicLufs,
      measurements,
      onTarget: plan.master.onTarget,
    },
  };
}
