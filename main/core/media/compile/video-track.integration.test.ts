import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAss } from '../captions/ass.js';
import { specToArgs } from '../ffmpeg-spec.js';
import { fontsDir } from '../fonts.js';
import { resolvePreset } from '../presets.js';
import { buildCompileSpec, type CompileParams } from './compile-graph.js';
import type { CompileShot, ShotTransition } from './video-track.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-track-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const f = (name: string): string => path.join(dir, name);
const ff = (...args: string[]): Buffer => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { maxBuffer: 256 << 20 });
const W = 180;
const H = 320;
const preset = resolvePreset('shorts', { width: W, height: H }, 'draft');

beforeAll(() => {
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  for (const [name, colour] of [['red', '0xd02020'], ['green', '0x20c040'], ['blue', '0x2040d0']]) {
    ff('-f', 'lavfi', '-i', `color=c=${colour}:s=320x180:r=30:d=3`, ...x264, f(`${name}.mp4`));
  }
  // A detailed still, in an odd colour space (16-bit grey PNG): fine detail makes any shimmer show.
  ff('-f', 'lavfi', '-i', 'testsrc2=s=600x800,noise=alls=40:allf=t', '-frames:v', '1', '-pix_fmt', 'gray16be', f('detail.png'));
  ff('-f', 'lavfi', '-i', 'sine=f=440:r=24000:d=6', '-ac', '1', '-c:a', 'pcm_s16le', f('voice.wav'));
  writeFileSync(f('empty.ass'), buildAss([], 'bold', { width: W, height: H }));
});

function params(shots: CompileShot[], out: string, transition: ShotTransition = 'cut'): CompileParams {
  const totalSec = shots.reduce((s, x) => s + x.durationSec, 0);
  return {
    shots, transition, audio: { voiceWav: f('voice.wav'), voiceGainDb: 0, master: { gainDb: 0, limitDb: -2 }, totalSec }, overlays: { assPath: f('empty.ass'), fontsDir: fontsDir() },
    preset, outPath: f(out), totalSec,
  };
}

/** Mean R, G, B of the frame at `t`. */
function colourAt(file: string, t: number): [number, number, number] {
  const raw = ff('-ss', String(t), '-i', file, '-frames:v', '1', '-vf', 'scale=16:16', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-');
  const sum = [0, 0, 0];
  for (let i = 0; i < raw.length; i++) sum[i % 3] = (sum[i % 3] ?? 0) + (raw[i] ?? 0);
  const n = raw.length / 3;
  return [(sum[0] ?? 0) / n, (sum[1] ?? 0) / n, (sum[2] ?? 0) / n];
}

function durationOf(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString());
}

/**
 * How unevenly a zoom moves: the mean change of the frame-to-frame difference, relative to
 * the mean difference. A sub-pixel zoom changes by about the same amount every frame (near 0);
 * a zoom rounded to whole pixels alternates between still and jumping frames (large).
 */
function shimmer(raw: Buffer): number {
  const size = W * H;
  const frames = Math.floor(raw.length / size);
  const diffs: number[] = [];
  for (let k = 1; k < frames; k++) {
    let s = 0;
    for (let i = 0; i < size * 0.25; i++) s += Math.abs((raw[k * size + i] ?? 0) - (raw[(k - 1) * size + i] ?? 0));
    diffs.push(s);
  }
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  let change = 0;
  for (let k = 1; k < diffs.length; k++) change += Math.abs((diffs[k] ?? 0) - (diffs[k - 1] ?? 0));
  return change / (diffs.length - 1) / mean;
}

describe('the picture track through real ffmpeg', () => {
  it('cuts three clips on their boundaries; with fade they dissolve across them; the length holds', () => {
    const shots: CompileShot[] = ['red', 'green', 'blue'].map((c) => ({ source: { kind: 'file', path: f(`${c}.mp4`), startSec: 0.5, loop: false }, durationSec: 1.5 }));
    ff(...specToArgs(buildCompileSpec(params(shots, 'cut.mp4'))).slice(3));
    ff(...specToArgs(buildCompileSpec(params(shots, 'fade.mp4', 'fade'))).slice(3));
    for (const file of ['cut.mp4', 'fade.mp4']) expect(durationOf(f(file))).toBeCloseTo(4.5, 1);
    // Mid-shot: each clip's own colour, in both.
    for (const file of ['cut.mp4', 'fade.mp4']) {
      expect(colourAt(f(file), 0.7)[0]).toBeGreaterThan(150);
      expect(colourAt(f(file), 2.2)[1]).toBeGreaterThan(150);
      expect(colourAt(f(file), 3.7)[2]).toBeGreaterThan(150);
    }
    // Right on the first boundary (1.5 s): a cut shows one clip, a dissolve a mix of both.
    const [r, g] = colourAt(f('fade.mp4'), 1.5);
    expect(r).toBeGreaterThan(60);
    expect(g).toBeGreaterThan(60);
    const [cr, cg] = colourAt(f('cut.mp4'), 1.52);
    expect(Math.min(cr, cg)).toBeLessThan(60);
  });

  it('holds a short scene slowed, never black, and a still of any colour space moves without shimmer', () => {
    const shots: CompileShot[] = [
      { source: { kind: 'file', path: f('red.mp4'), startSec: 2.4, loop: false, speed: 0.7 }, durationSec: 1.5 },
      { source: { kind: 'still', path: f('detail.png'), move: 'push-in' }, durationSec: 2 },
    ];
    ff(...specToArgs(buildCompileSpec(params(shots, 'slow-still.mp4'))).slice(3));
    expect(durationOf(f('slow-still.mp4'))).toBeCloseTo(3.5, 1);
    // 0.6 s of clip left, slowed to 0.86 s, then its last frame held: red to the end of the shot.
    expect(colourAt(f('slow-still.mp4'), 1.4)[0]).toBeGreaterThan(150);

    const still = ff('-ss', '1.5', '-i', f('slow-still.mp4'), '-t', '2', '-f', 'rawvideo', '-pix_fmt', 'gray', '-');
    // The same move with zoompan (whole-pixel crops) for comparison.
    const zoompan = ff('-loop', '1', '-framerate', '30', '-t', '2', '-i', f('detail.png'), '-vf',
      `scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},zoompan=z='1+0.12*on/59':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=${W}x${H}:fps=30`,
      '-frames:v', '60', '-f', 'rawvideo', '-pix_fmt', 'gray', '-');
    const ours = shimmer(still);
    const theirs = shimmer(zoompan);
    expect(ours).toBeLessThan(theirs / 3);
    expect(ours).toBeLessThan(0.2);
  });
});
