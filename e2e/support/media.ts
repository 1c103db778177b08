/**
 * Inputs the specs drop onto the queue, generated with the system ffmpeg so nothing binary is
 * committed: a 2 s 16:9 clip, a "clip" of random bytes, and topic lists.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MediaFixtures {
  dir: string;
  /** 320×180, 2 s, testsrc2 + a tone. */
  clip: string;
  /** Random bytes named .mp4: ffprobe rejects it. */
  corruptClip: string;
  /** Two topics, one per line. */
  twoTopics: string;
  /** One topic. */
  oneTopic: string;
  /** One 3-minute video (.json job list): long enough that a cancel lands while ffmpeg runs. */
  longJob: string;
}

export function ffmpegBinary(): string {
  return process.env.FFMPEG_PATH ?? 'ffmpeg';
}

export function ffprobeBinary(): string {
  return process.env.FFPROBE_PATH ?? 'ffprobe';
}

export async function makeMediaFixtures(): Promise<MediaFixtures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-e2e-media-'));
  const clip = path.join(dir, 'beach-16x9.mp4');
  await run(ffmpegBinary(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2',
    '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-shortest', '-movflags', '+faststart', clip,
  ]);
  const corruptClip = path.join(dir, 'broken-clip.mp4');
  await writeFile(corruptClip, randomBytes(64 * 1024));
  const twoTopics = path.join(dir, 'topics.txt');
  await writeFile(twoTopics, 'Why octopuses have three hearts\nHow bees find their way home\n');
  const oneTopic = path.join(dir, 'one-topic.txt');
  await writeFile(oneTopic, 'The secret life of lighthouse keepers\n');
  const longJob = path.join(dir, 'long-job.json');
  await writeFile(longJob, JSON.stringify([{ topic: 'A long history of the humble lighthouse', duration: 180 }]));
  return { dir, clip, corruptClip, twoTopics, oneTopic, longJob };
}

/** Width and height of the first video stream, via ffprobe. */
export async function probeSize(file: string): Promise<{ width: number; height: number; durationSec: number }> {
  const { stdout } = await run(ffprobeBinary(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', file]);
  const info = JSON.parse(stdout) as { streams?: { width: number; height: number }[]; format?: { duration?: string } };
  const stream = info.streams?.[0];
  if (!stream) throw new Error(`${file} has no video stream`);
  return { width: stream.width, height: stream.height, durationSec: Number(info.format?.duration ?? 0) };
}
