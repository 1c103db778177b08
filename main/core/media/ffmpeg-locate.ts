/**
 * Which ffmpeg and ffprobe every render uses, and ffmpeg's version line (part of every render's
 * cache key). Running `ffmpeg -version` costs a spawn on every start, so with a ToolMemo the line
 * is remembered per binary identity in the data folder.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath } from '../binaries/find-on-path.js';
import { packageBinary } from '../binaries/package-binary.js';
import type { ToolMemo } from '../binaries/tool-memo.js';
import { UserError } from '../errors.js';

const run = promisify(execFile);

export interface FfmpegLocation {
  ffmpeg: string;
  ffprobe: string;
  /** First line of `ffmpeg -version`: part of every render's cache key. */
  version: string;
  source: 'setting' | 'env' | 'ffmpeg-static' | 'path';
}

const INSTALL_HINT = 'install ffmpeg (apt-get install ffmpeg / brew install ffmpeg / winget install ffmpeg)';

/** `ffmpeg -version` first lines by binary path: each binary is run at most once per process. */
const inProcess = new Map<string, Promise<string>>();

const VERSION_QUESTION = 'ffmpeg -version';

function isVersionLine(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('ffmpeg version');
}

async function askVersion(bin: string): Promise<string> {
  const r = await run(bin, ['-version'], { timeout: 15_000, windowsHide: true });
  const first = (r.stdout.split('\n')[0] ?? '').trim();
  if (!isVersionLine(first)) throw new Error(`${bin} is not ffmpeg: ${first}`);
  return first;
}

/** `ffmpeg -version`'s first line (e.g. "ffmpeg version 5.1.9-0+deb12u1 Copyright ..."); rejects when the binary can't run. */
function versionOf(bin: string, memo: ToolMemo | undefined): Promise<string> {
  let p = inProcess.get(bin);
  if (!p) {
    p = memo ? memo.answer(VERSION_QUESTION, bin, () => askVersion(bin), { accept: isVersionLine }) : askVersion(bin);
    inProcess.set(bin, p);
    p.catch(() => inProcess.delete(bin));
  }
  return p;
}

function executable(name: string): string {
  return process.platform === 'win32' ? `${name}.exe` : name;
}

function sibling(ffmpeg: string, name: string): string | null {
  if (!path.isAbsolute(ffmpeg)) return null;
  const p = path.join(path.dirname(ffmpeg), executable(name));
  return existsSync(p) ? p : null;
}

/**
 * ffprobe, in the order ffmpeg is found: FFPROBE_PATH (an explicit choice) → the one next to an
 * ffmpeg the user chose (setting or FFMPEG_PATH) → @derhuerst/ffprobe-static's binary → the one
 * next to the ffmpeg found → PATH (plus Homebrew's folders on macOS). Without any, the bare name:
 * the first probe then fails with "ffprobe was not found" and what to install.
 */
function probeFor(ffmpeg: string, chosen: boolean, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.FFPROBE_PATH?.trim();
  if (fromEnv) return fromEnv;
  return (chosen ? sibling(ffmpeg, 'ffprobe') : null)
    ?? packageBinary('@derhuerst/ffprobe-static', { env })
    ?? sibling(ffmpeg, 'ffprobe')
    ?? findOnPath('ffprobe', env)
    ?? 'ffprobe';
}

/**
 * Finds ffmpeg in this order: the setting → FFMPEG_PATH → ffmpeg-static's binary if it was
 * downloaded → `ffmpeg` on PATH (plus Homebrew's folders on macOS). A setting or FFMPEG_PATH that
 * doesn't run is an error (the user asked for it), not something to skip silently.
 */
export async function locateFfmpeg(opts: { setting?: string; env?: NodeJS.ProcessEnv; memo?: ToolMemo } = {}): Promise<FfmpegLocation> {
  const env = opts.env ?? process.env;
  const setting = opts.setting?.trim();
  const fromEnv = env.FFMPEG_PATH?.trim();
  const explicit = setting
    ? { bin: setting, source: 'setting' as const, name: 'the ffmpeg path setting', subject: 'ffmpegPath' }
    : fromEnv
      ? { bin: fromEnv, source: 'env' as const, name: 'FFMPEG_PATH', subject: 'FFMPEG_PATH' }
      : null;
  if (explicit) {
    try {
      const version = await versionOf(explicit.bin, opts.memo);
      return { ffmpeg: explicit.bin, ffprobe: probeFor(explicit.bin, true, env), version, source: explicit.source };
    } catch {
      // The user asked for this binary: say so rather than silently using another one.
      throw new UserError('config', `ffmpeg was not found at ${explicit.bin} (from ${explicit.name}): point it at a working ffmpeg binary, or unset it and ${INSTALL_HINT}.`, explicit.subject);
    }
  }
  const candidates: Array<{ bin: string; source: FfmpegLocation['source'] }> = [];
  const fromStatic = packageBinary('ffmpeg-static', { env });
  if (fromStatic) candidates.push({ bin: fromStatic, source: 'ffmpeg-static' });
  const fromPath = findOnPath('ffmpeg', env);
  if (fromPath) candidates.push({ bin: fromPath, source: 'path' });
  for (const c of candidates) {
    try {
      const version = await versionOf(c.bin, opts.memo);
      return { ffmpeg: c.bin, ffprobe: probeFor(c.bin, false, env), version, source: c.source };
    } catch {
      // try the next candidate
    }
  }
  throw new UserError('config', `ffmpeg was not found: set FFMPEG_PATH or ${INSTALL_HINT}`, 'FFMPEG_PATH');
}
