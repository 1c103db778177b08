import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../main/core/errors.js';
import type { FfmpegSpec } from '../main/core/media/ffmpeg-spec.js';
import { buildAss } from '../main/core/media/captions/ass.js';
import { timeChunks } from '../main/core/media/captions/timing.js';
import { buildCompileSpec, buildThumbnailSpec } from '../main/core/media/compile/compile-graph.js';
import { fontsDir } from '../main/core/media/fonts.js';
import { resolvePreset } from '../main/core/media/presets.js';
import { probeMedia } from '../main/core/media/probe.js';
import type { JobProgress } from '../main/core/pool/protocol.js';
import { runFfmpegJob } from './ffmpeg-runner.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tinySpec(out: string, seconds: number, realtime = false): FfmpegSpec {
  const rt = realtime ? ['-re'] : [];
  return {
    inputs: [
      { source: `testsrc2=s=180x320:r=30:d=${seconds}`, options: [...rt, '-f', 'lavfi'] },
      { source: `sine=f=440:r=48000:d=${seconds}`, options: ['-f', 'lavfi'] },
    ],
    outputs: [{
      path: out,
      options: ['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', String(seconds)],
    }],
    durationSec: seconds,
  };
}

function ffmpegProcessesMentioning(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(marker) && /ffmpeg/.test(l));
}

describe('runFfmpegJob', () => {
  it('renders a spec, reports monotonic progress up to 1, and the output probes right', async () => {
    const out = path.join(dir, 'tiny out [1].mp4');
    const seen: JobProgress[] = [];
    const result = await runFfmpegJob({ spec: tinySpec(out, 2), threads: 1 }, {
      ffmpegPath: 'ffmpeg', signal: new AbortController().signal, onProgress: (p) => seen.push(p),
    });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(existsSync(out)).toBe(true);
    const info = await probeMedia('ffprobe', out);
    expect(info).toMatchObject({ width: 180, height: 320, videoCodec: 'h264', audioCodec: 'aac' });
    expect(info.durationSec).toBeGreaterThan(1.8);
    expect(info.durationSec).toBeLessThan(2.3);
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
    expect(seen.at(-1)!.fraction).toBe(1);
  });

  it('abort kills ffmpeg and rejects as cancelled, leaving no process behind', async () => {
    const marker = `abortme-${process.pid}-${Date.now()}`;
    const out = path.join(dir, `${marker}.mp4`);
    const ac = new AbortController();
    let sawProgress = false;
    let pid: number | undefined;
    const run = runFfmpegJob({ spec: tinySpec(out, 60, true) }, {
      ffmpegPath: 'ffmpeg', signal: ac.signal, onStart: (p) => { pid = p; },
      onProgress: (p) => {
        if (!sawProgress && (p.outTimeSec ?? 0) > 0.3) {
          sawProgress = true;
          expect(ffmpegProcessesMentioning(marker).length).toBeGreaterThan(0);
          ac.abort();
        }
      },
    });
    const err = await run.then(() => null, (e: unknown) => e);
    expect(sawProgress).toBe(true);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('cancelled');
    expect(ffmpegProcessesMentioning(marker)).toEqual([]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid!, 0)).toThrow(/ESRCH/);
  });

  it('runs a real compile spec (captions in a folder needing escapes, music) and its thumbnail', async () => {
    const nasty = path.join(dir, "it's [a], b; c:d");
    execFileSync('mkdir', ['-p', nasty]);
    const voice = path.join(nasty, 'voice.wav');
    const music = path.join(nasty, 'music.m4a');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=440:r=24000:d=2', '-ac', '1', voice]);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=660:d=1', '-c:a', 'aac', music]);
    const preset = resolvePreset('reels', { width: 180, height: 320 }, 'draft');
    const assPath = path.join(nasty, 'captions.ass');
    writeFileSync(assPath, buildAss(timeChunks(['Hello there'], [{ startMs: 0, endMs: 1800 }]), 'pop', preset));
    const out = path.join(nasty, 'short.mp4');
    const seen: number[] = [];
    await runFfmpegJob({
      spec: buildCompileSpec({ shots: [{ source: { kind: 'builtin', name: 'plasma' }, durationSec: 2.6 }], audio: { voiceWav: voice, voiceGainDb: 0, master: { gainDb: 0, limitDb: -2 }, totalSec: 2.6, music: { path: music, gainDb: -12 } }, overlays: { assPath, fontsDir: fontsDir() }, totalSec: 2.6, preset, outPath: out }),
      threads: 1,
    }, { ffmpegPath: 'ffmpeg', signal: new AbortController().signal, onProgress: (p) => seen.push(p.fraction) });
    const info = await probeMedia('ffprobe', out);
    expect(info).toMatchObject({ width: 180, height: 320, videoCodec: 'h264', audioCodec: 'aac' });
    expect(info.durationSec).toBeGreaterThan(2.45);
    expect(info.durationSec).toBeLessThan(2.75);
    expect(seen.at(-1)).toBe(1);
    const jpg = path.join(nasty, 'thumb.jpg');
    await runFfmpegJob({ spec: buildThumbnailSpec(out, 1, jpg, 90) }, { ffmpegPath: 'ffmpeg', signal: new AbortController().signal, onProgress: () => {} });
    expect(statSync(jpg).size).toBeGreaterThan(500);
  });

  it('rejects before spawning when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const out = path.join(dir, 'never.mp4');
    await expect(runFfmpegJob({ spec: tinySpec(out, 1) }, { ffmpegPath: 'ffmpeg', signal: ac.signal, onProgress: () => {} }))
      .rejects.toMatchObject({ kind: 'cancelled' });
    expect(existsSync(out)).toBe(false);
  });

  it('a missing input fails with an input error that quotes ffmpeg and names the file', async () => {
    const missing = path.join(dir, 'no such clip.mp4');
    const spec: FfmpegSpec = {
      inputs: [{ source: missing, options: [] }],
      outputs: [{ path: path.join(dir, 'x.mp4'), options: ['-t', '1'] }],
      durationSec: 1,
    };
    const err = await runFfmpegJob({ spec }, { ffmpegPath: 'ffmpeg', signal: new AbortController().signal, onProgress: () => {} })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('input');
    expect((err as UserError).subject).toBe(missing);
    expect((err as UserError).message).toContain('No such file or directory');
  });

  it('a missing ffmpeg binary is a config error naming FFMPEG_PATH', async () => {
    const err = await runFfmpegJob({ spec: tinySpec(path.join(dir, 'z.mp4'), 1) }, { ffmpegPath: path.join(dir, 'no-ffmpeg'), signal: new AbortController().signal, onProgress: () => {} })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('config');
    expect((err as UserError).subject).toBe('FFMPEG_PATH');
  });

  it('a broken filter graph fails as internal with the stderr reason', async () => {
    const spec: FfmpegSpec = {
      inputs: [{ source: 'color=c=black:s=64x64:d=1', options: ['-f', 'lavfi'] }],
      filterComplex: '[0:v]nosuchfilter[v]',
      outputs: [{ path: path.join(dir, 'y.mp4'), options: ['-map', '[v]'] }],
      durationSec: 1,
    };
    const err = await runFfmpegJob({ spec }, { ffmpegPath: 'ffmpeg', signal: new AbortController().signal, onProgress: () => {} })
      .then(() => null, (e: unknown) => e);
    expect((err as UserError).kind).toBe('internal');
    expect((err as UserError).message).toMatch(/nosuchfilter/i);
  });
});
