/**
 * Real media files for tests, made with ffmpeg into a temp folder: clips of any shape,
 * broken files, audio-only files. Tests use these instead of checked-in binaries.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

export async function tempDir(prefix = 'reelforge-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface ClipOptions {
  width: number;
  height: number;
  seconds: number;
  fps?: number;
  audio?: boolean;
  /** 'testsrc2' (moving pattern) or a colour like '0x3050a0' (flat). */
  look?: string;
  /** Display rotation metadata in degrees, as phones write it. */
  rotate?: number;
}

export async function makeClip(file: string, o: ClipOptions): Promise<string> {
  const fps = o.fps ?? 30;
  const look = o.look ?? 'testsrc2';
  const video = look === 'testsrc2'
    ? `testsrc2=size=${o.width}x${o.height}:rate=${fps}:duration=${o.seconds}`
    : `color=c=${look}:size=${o.width}x${o.height}:rate=${fps}:duration=${o.seconds}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', video];
  if (o.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=330:duration=${o.seconds}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (o.audio) args.push('-c:a', 'aac', '-shortest');
  if (o.rotate !== undefined) args.push('-metadata:s:v:0', `rotate=${o.rotate}`);
  args.push(file);
  await run(FFMPEG, args);
  return file;
}

export async function makeAudioOnly(file: string, seconds: number): Promise<string> {
  await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:a', 'aac', file]);
  return file;
}

/** The first half of a real file: what an interrupted copy or download leaves. */
export async function makeTruncated(source: string, file: string): Promise<string> {
  const data = await readFile(source);
  await writeFile(file, data.subarray(0, Math.floor(data.length / 2)));
  return file;
}

export async function makeGarbage(file: string, bytes = 4096): Promise<string> {
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = (i * 7919 + 13) % 251;
  await writeFile(file, buf);
  return file;
}

export interface ProbeSummary {
  width: number;
  height: number;
  durationSec: number;
  videoCodec: string | null;
  audioCodec: string | null;
  pixFmt: string | null;
  fps: number;
}

export async function probeSummary(file: string): Promise<ProbeSummary> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path.resolve(file)]);
  const j = JSON.parse(stdout) as { format: { duration?: string }; streams: Array<Record<string, string | number | undefined>> };
  const v = j.streams.find((s) => s.codec_type === 'video');
  const a = j.streams.find((s) => s.codec_type === 'audio');
  const [num, den] = String(v?.avg_frame_rate ?? '0/1').split('/').map(Number);
  return {
    width: Number(v?.width ?? 0),
    height: Number(v?.height ?? 0),
    durationSec: Number(j.format.duration ?? 0),
    videoCodec: v ? String(v.codec_name) : null,
    audioCodec: a ? String(a.codec_name) : null,
    pixFmt: v ? String(v.pix_fmt) : null,
    fps: den ? (num ?? 0) / den : 0,
  };
}

/** One frame as 8-bit grey pixels (width × height bytes). */
export async function grabGreyFrame(file: string, atSec: number, width: number, height: number, filter?: string): Promise<Buffer> {
  const vf = [filter, `scale=${width}:${height}`, 'format=gray'].filter(Boolean).join(',');
  const { stdout } = await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-ss', String(atSec), '-i', path.resolve(file), '-frames:v', '1', '-vf', vf, '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return stdout as unknown as Buffer;
}

/** Mean absolute difference of two grey frames over rows [y0, y1). */
export function bandDifference(a: Buffer, b: Buffer, width: number, y0: number, y1: number): number {
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/** Whether the MP4's moov atom comes before mdat (what +faststart does). */
export async function moovBeforeMdat(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const size = (await stat(file)).size;
    let pos = 0;
    const head = Buffer.alloc(16);
    while (pos < size) {
      await fh.read(head, 0, 16, pos);
      let boxSize = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (type === 'moov') return true;
      if (type === 'mdat') return false;
      if (boxSize === 1) boxSize = Number(head.readBigUInt64BE(8));
      if (boxSize < 8) return false;
      pos += boxSize;
    }
    return false;
  } finally {
    await fh.close();
  }
}

/** Mean colour (r, g, b) of the top third of the frame at `t` (below the hook title, above the captions). */
export async function meanColourAt(file: string, t: number): Promise<number[]> {
  const { stdout: raw } = await run(FFMPEG, ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-vf', 'crop=iw:ih/3:0:0,scale=8:8', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer' });
  const sum = [0, 0, 0];
  for (let i = 0; i < raw.length; i++) sum[i % 3] = (sum[i % 3] ?? 0) + (raw[i] ?? 0);
  return sum.map((v) => v / (raw.length / 3));
}

/** The palette entry nearest to a colour (squared distance in RGB). */
export function nearestColour<K extends string>(c: readonly number[], palette: Readonly<Record<K, readonly number[]>>): K {
  let best: K | null = null;
  let d = Infinity;
  for (const [name, ref] of Object.entries(palette) as [K, readonly number[]][]) {
    const dist = ref.reduce((s, v, i) => s + (v - (c[i] ?? 0)) ** 2, 0);
    if (dist < d) {
      d = dist;
      best = name;
    }
  }
  return best as K;
}

/** `0xrrggbb` for ffmpeg's color source. */
export function hexColour([r, g, b]: readonly number[]): string {
  return `0x${[r, g, b].map((c) => (c ?? 0).toString(16).padStart(2, '0')).join('')}`;
}
