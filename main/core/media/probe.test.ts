import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { probeMedia, toMediaInfo } from './probe.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const f = (name: string): string => path.join(dir, name);
const ff = (...args: string[]): void => {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
};

beforeAll(() => {
  ff('-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=2', '-f', 'lavfi', '-i', 'sine=d=2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', f('wide.mp4'));
  // A leading dash would read as an option without the file: prefix.
  ff('-i', f('wide.mp4'), '-c', 'copy', `file:${f('-dash name.mp4')}`);
  ff('-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-an', f('plain.mp4'));
  // A phone-style portrait clip: landscape pixels plus a rotation in the container (ffmpeg 5.1 honours the tag on remux).
  ff('-i', f('plain.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', f('phone.mp4'));
  ff('-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', f('voice.m4a'));
  const whole = readFileSync(f('wide.mp4'));
  writeFileSync(f('truncated.mp4'), whole.subarray(0, Math.floor(whole.length / 2)));
  writeFileSync(f('notes.mp4'), 'this is a text file, not a video\n'.repeat(20));
  writeFileSync(f('empty.mp4'), '');
});

async function probeError(file: string): Promise<UserError> {
  const err = await probeMedia('ffprobe', file).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).kind).toBe('input');
  expect((err as UserError).message).toContain(file);
  return err as UserError;
}

describe('probeMedia', () => {
  it('reads a normal clip', async () => {
    const info = await probeMedia('ffprobe', f('wide.mp4'));
    expect(info).toMatchObject({
      path: f('wide.mp4'), hasVideo: true, hasAudio: true, width: 320, height: 180, rotation: 0,
      videoCodec: 'h264', audioCodec: 'aac', sizeBytes: statSync(f('wide.mp4')).size,
    });
    expect(info.fps).toBeCloseTo(25, 3);
    expect(info.durationSec).toBeGreaterThan(1.9);
    expect(info.durationSec).toBeLessThan(2.2);
  });

  it('handles a file name starting with a dash', async () => {
    const info = await probeMedia('ffprobe', f('-dash name.mp4'));
    expect(info.width).toBe(320);
  });

  it('reports display size for a rotated phone clip', async () => {
    const info = await probeMedia('ffprobe', f('phone.mp4'));
    expect([90, 270]).toContain(info.rotation);
    expect({ w: info.width, h: info.height }).toEqual({ w: 180, h: 320 });
    expect(info.hasAudio).toBe(false);
    expect(info.audioCodec).toBeNull();
  });

  it('missing file', async () => {
    const err = await probeError(f('nope.mp4'));
    expect(err.message).toMatch(/does not exist: check the path/);
  });

  it('empty file', async () => {
    expect((await probeError(f('empty.mp4'))).message).toMatch(/empty \(0 bytes\)/);
  });

  it('truncated mp4', async () => {
    expect((await probeError(f('truncated.mp4'))).message).toMatch(/not a readable media file/);
  });

  it('text file renamed .mp4', async () => {
    expect((await probeError(f('notes.mp4'))).message).toMatch(/not a readable media file/);
  });

  it('audio-only file', async () => {
    expect((await probeError(f('voice.m4a'))).message).toMatch(/has no video stream: use a video clip as the background/);
  });

  it('a folder', async () => {
    expect((await probeError(dir)).message).toMatch(/not a file/);
  });
});

describe('toMediaInfo', () => {
  const video = { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001' };
  it('reads an iPhone-style display matrix (-90 = turn clockwise) as 90 and swaps the size', () => {
    const info = toMediaInfo({ format: { duration: '5.0' }, streams: [{ ...video, side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }] }, '/x.mov', 10);
    expect(info).toMatchObject({ rotation: 90, width: 1080, height: 1920 });
    expect(info.fps).toBeCloseTo(29.97, 2);
  });
  it('reads the legacy rotate tag and 180 keeps the size', () => {
    const info = toMediaInfo({ format: { duration: '5.0' }, streams: [{ ...video, tags: { rotate: '180' } }] }, '/x.mp4', 10);
    expect(info).toMatchObject({ rotation: 180, width: 1920, height: 1080 });
  });
  it('cover art is not a video stream', () => {
    expect(() => toMediaInfo({ format: { duration: '3' }, streams: [{ codec_type: 'audio', codec_name: 'mp3' }, { ...video, codec_name: 'mjpeg', disposition: { attached_pic: 1 } }] }, '/song.mp3', 10))
      .toThrow(/has no video stream/);
  });
  it('no duration anywhere is not media', () => {
    expect(() => toMediaInfo({ format: { duration: 'N/A' }, streams: [video] }, '/x.mp4', 10)).toThrow(/not a readable media file/);
  });
});
