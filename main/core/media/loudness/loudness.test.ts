import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../testing/media-fixtures.js';
import { parseEbur128Summary, type Loudness } from './ebur128.js';
import { masterChain, solveMaster, TRUE_PEAK_CEILING_DB, type MasterSettings } from './master.js';
import { measureArgs, measureLoudness } from './measure.js';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH || 'ffmpeg';

/** What ffmpeg 5.1 prints when ebur128 closes (recorded). */
const SUMMARY = `[Parsed_ebur128_0 @ 0x560c01d08880] Summary:

  Integrated loudness:
    I:         -21.2 LUFS
    Threshold: -31.4 LUFS

  Loudness range:
    LRA:         1.1 LU
    Threshold: -41.3 LUFS
    LRA low:   -21.9 LUFS
    LRA high:  -20.8 LUFS

  True peak:
    Peak:       -1.8 dBFS
`;

describe('parseEbur128Summary', () => {
  it('reads integrated loudness, range and true peak from the last summary', () => {
    expect(parseEbur128Summary(`noise\n${SUMMARY.replace('-21.2', '-30.0')}\n${SUMMARY}`)).toEqual({ integratedLufs: -21.2, rangeLu: 1.1, truePeakDb: -1.8 });
    expect(parseEbur128Summary(SUMMARY.replace('-21.2', '-70.0').replace('-1.8 dBFS', '-inf dBFS'))).toEqual({ integratedLufs: -70, rangeLu: 1.1, truePeakDb: -Infinity });
    expect(parseEbur128Summary('Error opening input')).toBeNull();
    expect(parseEbur128Summary(SUMMARY.replace(/True peak:[\s\S]*/, ''))).toBeNull();
  });
});

describe('masterChain', () => {
  it('formats to 48 kHz stereo, applies the gain, limits with its delay compensated', () => {
    expect(masterChain({ gainDb: 7.25, limitDb: -2 })).toBe(
      'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,volume=7.25dB,alimiter=limit=0.794:attack=5:release=60:level=0:latency=1',
    );
  });
});

describe('solveMaster (model of a limiter)', () => {
  /** Speech-like: the limiter eats loudness once the peaks pass its ceiling, inter-sample peaks land 0.6 dB above it. */
  function model(baseLufs: number, basePeak: number): { measure: (s: MasterSettings) => Promise<Loudness>; calls: MasterSettings[] } {
    const calls: MasterSettings[] = [];
    return {
      calls,
      measure: async (s) => {
        calls.push(s);
        const over = Math.max(0, basePeak + s.gainDb - s.limitDb);
        return { integratedLufs: baseLufs + s.gainDb - 0.35 * over, rangeLu: 3, truePeakDb: Math.min(basePeak + s.gainDb, s.limitDb + 0.6) };
      },
    };
  }

  it('lands on −14 with the true peak under the ceiling when the limiter works hard', async () => {
    const m = model(-24, -6);
    const r = await solveMaster(m.measure, { gainDb: 10, limitDb: -2 });
    expect(r.onTarget).toBe(true);
    expect(Math.abs(r.measured.integratedLufs + 14)).toBeLessThanOrEqual(0.2);
    expect(r.measured.truePeakDb).toBeLessThanOrEqual(TRUE_PEAK_CEILING_DB);
    expect(r.measurements).toBe(m.calls.length);
    expect(r.measurements).toBeLessThanOrEqual(4);
  });

  it('needs one measurement when the first guess is right, and leaves silence alone', async () => {
    const m = model(-20, -10);
    expect((await solveMaster(m.measure, { gainDb: 6, limitDb: -2 })).measurements).toBe(1);
    const silent = await solveMaster(async () => ({ integratedLufs: -70, rangeLu: 0, truePeakDb: -Infinity }), { gainDb: 6, limitDb: -2 });
    expect(silent).toMatchObject({ onTarget: false, settings: { gainDb: 0 } });
  });

  it('does not boost a near-silent recording past the gain cap', async () => {
    const m = model(-60, -45);
    const r = await solveMaster(m.measure, { gainDb: 40, limitDb: -2 });
    expect(r.onTarget).toBe(false);
    expect(Math.max(...m.calls.map((c) => c.gainDb))).toBe(30);
  });
});

describe('measureLoudness (real ffmpeg)', () => {
  it('measures an espeak-ng voice, and the solved chain encodes to −14 ± 0.5 LUFS under −1 dBTP', async () => {
    const dir = await tempDir();
    const wav = path.join(dir, 'voice.wav');
    await run('espeak-ng', ['-v', 'en-us', '-w', wav, 'Why do cats purr? The sound comes from the larynx, where tiny muscles twitch twenty times a second.']);
    const voice = { inputs: [{ source: wav, options: [] }], filter: '[0:a]anull[out]' };
    expect(measureArgs(voice)).toContain('[0:a]anull[out];[out]ebur128=peak=true:framelog=verbose[measured]');
    const raw = await measureLoudness(FFMPEG, voice);
    expect(raw.integratedLufs).toBeLessThan(-16);
    expect(raw.integratedLufs).toBeGreaterThan(-35);

    const graph = (s: MasterSettings): string => `[0:a]${masterChain(s)}[out]`;
    const solved = await solveMaster((s) => measureLoudness(FFMPEG, { inputs: voice.inputs, filter: graph(s) }), { gainDb: -14 - raw.integratedLufs, limitDb: -2 });
    expect(solved.onTarget).toBe(true);
    const out = path.join(dir, 'out.m4a');
    await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-i', wav, '-filter_complex', graph(solved.settings).replace('[out]', '[a]'), '-map', '[a]', '-c:a', 'aac', '-b:a', '128k', out]);
    const encoded = await measureLoudness(FFMPEG, { inputs: [{ source: out, options: [] }], filter: '[0:a]anull[out]' });
    expect(Math.abs(encoded.integratedLufs + 14)).toBeLessThanOrEqual(0.5);
    expect(encoded.truePeakDb).toBeLessThanOrEqual(-1);
  });

  it('names the file it cannot measure', async () => {
    await expect(measureLoudness(FFMPEG, { inputs: [{ source: '/nonexistent/voice.wav', options: [] }], filter: '[0:a]anull[out]' })).rejects.toThrow(/\/nonexistent\/voice\.wav could not be measured/);
  });
});
