import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAss } from '../captions/ass.js';
import { timeChunks } from '../captions/timing.js';
import { buildCompileSpec, buildNaiveMultiPassSpecs, buildThumbnailSpec, totalDurationSec, type CompileParams } from './compile-graph.js';
import type { ShotSource } from './video-track.js';
import { specToArgs, type FfmpegSpec } from '../ffmpeg-spec.js';
import { fontsDir } from '../fonts.js';
import { probeMedia } from '../probe.js';
import { resolvePreset } from '../presets.js';

const run = promisify(execFile);
// A folder whose name needs every level of filtergraph escaping.
const root = mkdtempSync(path.join(os.tmpdir(), 'rf-compile-'));
const dir = path.join(root, "it's [a], b; c:d");
mkdirSync(dir);
afterAll(() => rmSync(root, { recursive: true, force: true }));
const f = (name: string): string => path.join(dir, name);
const ff = (...args: string[]): void => {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
};
const preset = resolvePreset('shorts', { width: 180, height: 320 }, 'draft');
const VOICE_SEC = 3;

beforeAll(() => {
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  ff('-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=4', '-f', 'lavfi', '-i', 'sine=f=220:d=4', ...x264, '-c:a', 'aac', '-shortest', f('wide.mp4'));
  ff('-f', 'lavfi', '-i', 'testsrc2=s=240x180:r=30:d=4', ...x264, f('four-three.mp4'));
  ff('-f', 'lavfi', '-i', 'testsrc2=s=360x640:r=30:d=4', ...x264, f('vertical.mp4'));
  ff('-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=1', ...x264, f('short.mp4'));
  ff('-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=4', ...x264, f('landscape-pixels.mp4'));
  ff('-i', f('landscape-pixels.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', f('phone.mp4'));
  ff('-f', 'lavfi', '-i', 'color=c=black:s=320x180:r=30:d=4', ...x264, f('black.mp4'));
  // A TTS-like voice: mono 24 kHz 16-bit WAV.
  ff('-f', 'lavfi', '-i', `sine=f=440:r=24000:d=${VOICE_SEC}`, '-ac', '1', '-c:a', 'pcm_s16le', f('voice.wav'));
  ff('-f', 'lavfi', '-i', 'sine=f=660:d=1.2', '-ac', '2', '-c:a', 'aac', f('music.m4a'));
  const timed = timeChunks(['Why do cats', 'purr so much?'], [{ startMs: 0, endMs: 1400 }, { startMs: 1500, endMs: 2900 }]);
  writeFileSync(f('captions.ass'), buildAss(timed, 'bold', { width: preset.width, height: preset.height }));
  writeFileSync(f('empty.ass'), buildAss([], 'bold', { width: preset.width, height: preset.height }));
});

async function render(spec: FfmpegSpec): Promise<void> {
  await run('ffmpeg', specToArgs(spec, ['-v', 'error']), { maxBuffer: 4 * 1024 * 1024 });
}

function params(source: ShotSource, out: string, extra: { music?: string; assPath?: string } = {}): CompileParams {
  const totalSec = totalDurationSec(VOICE_SEC, 0.6);
  return {
    shots: [{ source, durationSec: totalSec }],
    audio: { voiceWav: f('voice.wav'), voiceGainDb: 0, master: { gainDb: 0, limitDb: -2 }, totalSec, ...(extra.music !== undefined ? { music: { path: extra.music, gainDb: -12 } } : {}) },
    overlays: { assPath: extra.assPath ?? f('captions.ass'), fontsDir: fontsDir() },
    preset, outPath: f(out), totalSec,
  };
}

async function expectShort(file: string): Promise<void> {
  const info = await probeMedia('ffprobe', file);
  expect(info).toMatchObject({ width: 180, height: 320, rotation: 0, videoCodec: 'h264', audioCodec: 'aac', hasAudio: true });
  expect(info.fps).toBeCloseTo(30, 1);
  expect(info.durationSec).toBeGreaterThan(VOICE_SEC + 0.6 - 0.15);
  expect(info.durationSec).toBeLessThan(VOICE_SEC + 0.6 + 0.15);
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt', '-of', 'csv=p=0', file]);
  expect(stdout.trim()).toBe('yuv420p');
  const { stdout: streams } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file]);
  expect(streams.trim().split('\n').sort()).toEqual(['audio', 'video']);
}

/** Bright pixels in one grey frame at `atSec`: white captions on black light up thousands. */
function brightPixels(file: string, atSec: number): number {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(atSec), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
  let n = 0;
  for (const v of raw) if (v > 200) n++;
  return n;
}

describe('buildCompileSpec through real ffmpeg', () => {
  it('16:9 clip with its own audio → 180x320 h264/aac yuv420p, voice + tail long', async () => {
    await render(buildCompileSpec(params({ kind: 'file', path: f('wide.mp4'), startSec: 0.5, loop: false }, 'wide-out.mp4')));
    await expectShort(f('wide-out.mp4'));
  });

  it('4:3 clip', async () => {
    await render(buildCompileSpec(params({ kind: 'file', path: f('four-three.mp4'), startSec: 0, loop: false }, '43-out.mp4')));
    await expectShort(f('43-out.mp4'));
  });

  it('vertical clip', async () => {
    await render(buildCompileSpec(params({ kind: 'file', path: f('vertical.mp4'), startSec: 0, loop: false }, 'vert-out.mp4')));
    await expectShort(f('vert-out.mp4'));
  });

  it('rotated phone clip comes out upright with no rotation flag', async () => {
    await render(buildCompileSpec(params({ kind: 'file', path: f('phone.mp4'), startSec: 0, loop: false }, 'phone-out.mp4')));
    await expectShort(f('phone-out.mp4'));
  });

  it('a clip shorter than the voice loops to full length', async () => {
    await render(buildCompileSpec(params({ kind: 'file', path: f('short.mp4'), startSec: 0, loop: true }, 'loop-out.mp4')));
    await expectShort(f('loop-out.mp4'));
  });

  it('a clip without audio, plus looped music ducked under the voice', async () => {
    await render(buildCompileSpec(params({ kind: 'file', path: f('four-three.mp4'), startSec: 0, loop: false }, 'music-out.mp4', { music: f('music.m4a') })));
    await expectShort(f('music-out.mp4'));
  });

  it('a built-in background', async () => {
    await render(buildCompileSpec(params({ kind: 'builtin', name: 'aurora' }, 'builtin-out.mp4')));
    await expectShort(f('builtin-out.mp4'));
  });

  it('burns the captions in (through the escaped path of a nasty folder)', async () => {
    await render(buildCompileSpec(params({ kind: 'file', path: f('black.mp4'), startSec: 0, loop: false }, 'caps.mp4')));
    await render(buildCompileSpec(params({ kind: 'file', path: f('black.mp4'), startSec: 0, loop: false }, 'nocaps.mp4', { assPath: f('empty.ass') })));
    expect(brightPixels(f('nocaps.mp4'), 1)).toBeLessThan(20);
    expect(brightPixels(f('caps.mp4'), 1)).toBeGreaterThan(60);
  });

  it('three shots from three sources, each on screen for its own span, in one pass', async () => {
    const totalSec = totalDurationSec(VOICE_SEC, 0.6);
    await render(buildCompileSpec({
      ...params({ kind: 'builtin', name: 'aurora' }, 'shots.mp4', { assPath: f('empty.ass') }),
      shots: [
        { source: { kind: 'file', path: f('black.mp4'), startSec: 0, loop: false }, durationSec: 1.2 },
        { source: { kind: 'file', path: f('wide.mp4'), startSec: 1, loop: false }, durationSec: 1.2 },
        { source: { kind: 'file', path: f('short.mp4'), startSec: 0, loop: true }, durationSec: totalSec - 2.4 },
      ],
    }));
    await expectShort(f('shots.mp4'));
    // The black clip fills the first shot; the test pattern (bright bars) the second.
    expect(brightPixels(f('shots.mp4'), 0.6)).toBeLessThan(20);
    expect(brightPixels(f('shots.mp4'), 1.8)).toBeGreaterThan(1000);
  });

  it('naive multi-pass gives the same shape of output', async () => {
    const specs = buildNaiveMultiPassSpecs(params({ kind: 'file', path: f('wide.mp4'), startSec: 0, loop: false }, 'naive-out.mp4'), { cropped: f('n1.mp4'), muxed: f('n2.mp4') });
    for (const s of specs) await render(s);
    await expectShort(f('naive-out.mp4'));
  });

  it('thumbnail is a JPEG of the requested width', async () => {
    await render(buildCompileSpec(params({ kind: 'builtin', name: 'sunset' }, 'for-thumb.mp4')));
    await render(buildThumbnailSpec(f('for-thumb.mp4'), 1, f('thumb.jpg'), 90));
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', f('thumb.jpg')]);
    expect(stdout.trim()).toBe('mjpeg,90,160');
  });
});
