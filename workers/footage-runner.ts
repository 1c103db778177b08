/**
 * Footage indexing inside a media worker: a file's full-content SHA-256 (its identity), and its
 * analysis — probe, scene cuts from a small decode, one thumbnail per scene. Every ffmpeg it
 * starts is reported (onStart) so the worker's last-resort kill list covers it, and a cancel
 * stops it (SIGTERM, then SIGKILL).
 */
import { spawn } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../main/core/cache/content-digest.js';
import { cancelledError, UserError } from '../main/core/errors.js';
import { keyframesOnly, parseCutTimes, sceneDetectArgs, scenesFromCuts, thumbnailTime } from '../main/core/footage/scenes.js';
import type { FootageAnalysis, FootageAnalyzeJob, FootageHashJob, FootageHashResult, FootageJob, FootageResult } from '../main/core/footage/types.js';
import { FfmpegProgressParser } from '../main/core/media/progress.js';
import { fileArg, probeMedia } from '../main/core/media/probe.js';
import type { RunnerContext } from '../main/core/pool/protocol.js';
import type { SceneSpan } from '../main/core/shots/types.js';

export type FootageRunnerContext = RunnerContext & {
  onStart?: (pid: number) => void;
  onExit?: (pid: number) => void;
};

interface Tools {
  ffmpeg: string;
  ffprobe: string;
}

/** Thumbnails are this wide (height follows the picture): enough for a strip, a grid and a vision model. */
export const THUMB_WIDTH = 320;
const KILL_GRACE_MS = 1500;
/** A clip that decodes less than this share of its stated length is usable only up to where it stops. */
const DAMAGED_SHARE = 0.9;

/** The pool passes the ffmpeg the host resolved (bundled, setting or PATH) in the environment. */
export function runFootageJob(job: { footage: FootageJob; threads?: number }, ctx: FootageRunnerContext): Promise<FootageResult> {
  if (ctx.signal.aborted) return Promise.reject(cancelledError('Indexing'));
  const tools: Tools = { ffmpeg: process.env.FFMPEG_PATH || 'ffmpeg', ffprobe: process.env.FFPROBE_PATH || 'ffprobe' };
  const f = job.footage;
  if (f.op === 'hash') return hashFootage(f, ctx);
  return analyze(job.threads !== undefined ? { ...f, threads: job.threads } : f, ctx, tools);
}

/** The file's identity, with the same streamed hash as every other digest (cache/content-digest.ts). */
async function hashFootage(job: FootageHashJob, ctx: FootageRunnerContext): Promise<FootageHashResult> {
  const before = await statOrFail(job.path);
  let sha256: string;
  try {
    ({ sha256 } = await hashFile(job.path, {
      signal: ctx.signal,
      onBytes: (read) => ctx.onProgress({ fraction: before.size > 0 ? Math.min(1, read / before.size) : 1 }),
    }));
  } catch (err) {
    if (ctx.signal.aborted) throw cancelledError('Indexing');
    throw new UserError('input', `${job.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, job.path);
  }
  const after = await statOrFail(job.path);
  // Still being copied or recorded: the hash would describe bytes that are about to change.
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new UserError('input', `${job.path} changed while it was read (still being copied?): it will be indexed again on the next scan.`, job.path);
  }
  return { op: 'hash', sha256, size: after.size, mtimeMs: Math.round(after.mtimeMs), ino: after.ino };
}

async function statOrFail(file: string): Promise<{ size: number; mtimeMs: number; ino: number }> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new UserError('input', `${file} is not a file.`, file);
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('input', `${file} is gone (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, file);
  }
}

async function analyze(job: FootageAnalyzeJob, ctx: FootageRunnerContext, tools: Tools): Promise<FootageAnalysis> {
  await mkdir(job.thumbsDir, { recursive: true });
  if (job.kind === 'still') {
    const info = await probeStill(job.path, ctx, tools);
    const thumb = await thumbnail(job, 0, null, ctx, tools);
    return { op: 'analyze', durationSec: 0, width: info.width, height: info.height, rotation: 0, fps: 0, hasAudio: false, codec: info.codec, scenes: [], thumbs: [thumb], keyframesOnly: false, note: null };
  }
  const info = await probeMedia(tools.ffprobe, job.path);
  const kfOnly = keyframesOnly(info.durationSec, info.width, info.height);
  const detected = await detectScenes(job, info.durationSec, kfOnly, ctx, tools);
  let durationSec = info.durationSec;
  let note: string | null = null;
  // A full decode that stops early means the file is damaged after that point: use what plays.
  if (!kfOnly && detected.decodedSec < info.durationSec * DAMAGED_SHARE) {
    if (detected.decodedSec < 0.5) throw new UserError('input', `${job.path} does not decode (no picture in its first half second): export it again.`, job.path);
    durationSec = Math.floor(detected.decodedSec * 100) / 100;
    note = `decodes only to ${durationSec.toFixed(1)} s of ${info.durationSec.toFixed(1)} s (damaged after that): only that part is used`;
  }
  const scenes = scenesFromCuts(detected.cuts, durationSec);
  const thumbs: string[] = [];
  for (const [n, scene] of scenes.entries()) {
    thumbs.push(await thumbnail(job, n, scene, ctx, tools));
    ctx.onProgress({ fraction: 0.8 + (0.2 * (n + 1)) / scenes.length });
  }
  return {
    op: 'analyze', durationSec, width: info.width, height: info.height, rotation: info.rotation, fps: info.fps,
    hasAudio: info.hasAudio, codec: info.videoCodec, scenes, thumbs, keyframesOnly: kfOnly, note,
  };
}

/** Stills have no duration (PNG, WebP), so they get their own small probe: size and codec. */
async function probeStill(file: string, ctx: FootageRunnerContext, tools: Tools): Promise<{ width: number; height: number; codec: string | null }> {
  const out = await runTool(tools.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,codec_name', '-of', 'json', fileArg(file)], ctx, file);
  let stream: { width?: number; height?: number; codec_name?: string } | undefined;
  try {
    stream = (JSON.parse(out.stdout) as { streams?: { width?: number; height?: number; codec_name?: string }[] }).streams?.[0];
  } catch {
    stream = undefined;
  }
  if (!stream?.width || !stream.height) throw new UserError('input', `${file} is not a picture ffmpeg can read${out.lastError ? ` (${out.lastError})` : ''}: convert it to JPEG or PNG.`, file);
  return { width: stream.width, height: stream.height, codec: stream.codec_name ?? null };
}

async function detectScenes(job: FootageAnalyzeJob, durationSec: number, kfOnly: boolean, ctx: FootageRunnerContext, tools: Tools): Promise<{ cuts: number[]; decodedSec: number }> {
  const parser = new FfmpegProgressParser(durationSec);
  const lines: string[] = [];
  let decodedSec = 0;
  const args = sceneDetectArgs(fileArg(job.path), { keyframesOnly: kfOnly, ...(job.threads !== undefined ? { threads: job.threads } : {}) });
  const out = await runTool(tools.ffmpeg, args, ctx, job.path, (line) => {
    if (line.includes('scd.time')) lines.push(line);
    const p = parser.pushLine(line);
    if (p) {
      decodedSec = Math.max(decodedSec, p.outTimeSec ?? 0);
      ctx.onProgress({ fraction: 0.8 * p.fraction });
    }
  });
  if (out.code !== 0 && decodedSec === 0) {
    throw new UserError('input', `${job.path} cannot be decoded${out.lastError ? ` (${out.lastError})` : ''}: export it again or remove it from the folder.`, job.path);
  }
  // The last frame's time is its start: the clip runs one frame past it.
  return { cuts: parseCutTimes(lines), decodedSec: decodedSec + (kfOnly ? 0 : 1 / 30) };
}

async function thumbnail(job: FootageAnalyzeJob, n: number, scene: SceneSpan | null, ctx: FootageRunnerContext, tools: Tools): Promise<string> {
  const final = path.join(job.thumbsDir, `${job.thumbBase}-${n}.jpg`);
  const tmp = `${final}.${process.pid}.partial.jpg`;
  const seek = scene ? ['-ss', String(thumbnailTime(scene))] : [];
  const out = await runTool(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...seek, '-i', fileArg(job.path),
    '-frames:v', '1', '-an', '-vf', `scale=${THUMB_WIDTH}:-2:flags=bicubic,format=yuvj420p`, '-q:v', '4', '-f', 'image2', '-update', '1', tmp,
  ], ctx, job.path);
  try {
    const st = await stat(tmp);
    if (out.code !== 0 || st.size === 0) throw new Error(out.lastError || `exit ${out.code}`);
    await rename(tmp, final);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new UserError('input', `No picture could be taken from ${job.path}${scene ? ` at ${thumbnailTime(scene)} s` : ''} (${err instanceof Error ? err.message : String(err)}).`, job.path);
  }
  return final;
}

interface ToolResult {
  code: number;
  stdout: string;
  lastError: string;
}

/** Run ffmpeg/ffprobe with cancellation; resolves with the exit code (callers judge it), stderr lines go to `onLine`. */
function runTool(bin: string, args: string[], ctx: FootageRunnerContext, subject: string, onLine?: (line: string) => void): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const pid = child.pid;
    if (pid !== undefined) ctx.onStart?.(pid);
    let stdout = '';
    let pending = '';
    const errors: string[] = [];
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < 4 << 20) stdout += d;
    });
    const line = (l: string): void => {
      if (l.trim() === '') return;
      onLine?.(l);
      if (/error|invalid|unsupported|could not|no such|failed/i.test(l) && !/^\w+=/.test(l)) {
        errors.push(l.trim());
        if (errors.length > 5) errors.shift();
      }
    };
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      const parts = (pending + d).split(/\r\n|\r|\n/);
      pending = parts.pop() ?? '';
      for (const l of parts) line(l);
    });
    child.on('error', (err) => {
      ctx.signal.removeEventListener('abort', onAbort);
      const code = (err as NodeJS.ErrnoException).code;
      reject(code === 'ENOENT'
        ? new UserError('config', `${path.basename(bin)} was not found at ${bin}: set FFMPEG_PATH/FFPROBE_PATH or install ffmpeg.`, bin)
        : new UserError('internal', `${path.basename(bin)} could not start for ${subject}: ${err.message}`, subject));
    });
    child.on('close', (code) => {
      if (pid !== undefined) ctx.onExit?.(pid);
      ctx.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (pending) line(pending);
      if (ctx.signal.aborted) {
        reject(cancelledError('Indexing'));
        return;
      }
      resolve({ code: code ?? -1, stdout, lastError: errors.at(-1) ?? '' });
    });
  });
}
