import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
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

/** `ffmpeg -version` first lines by binary path: each binary is run once per process (a spawn costs ~50 ms). */
const memo = new Map<string, Promise<string>>();

/** `ffmpeg -version`'s first line (e.g. "ffmpeg version 5.1.9-0+deb12u1 Copyright ..."); rejects when the binary can't run. */
function versionOf(bin: string): Promise<string> {
  let p = memo.get(bin);
  if (!p) {
    p = run(bin, ['-version'], { timeout: 15_000, windowsHide: true }).then((r) => {
      const first = (r.stdout.split('\n')[0] ?? '').trim();
      if (!first.startsWith('ffmpeg version')) throw new Error(`${bin} is not ffmpeg: ${first}`);
      return first;
    });
    memo.set(bin, p);
    p.catch(() => memo.delete(bin));
  }
  return p;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/** ffprobe: FFPROBE_PATH when set, else the one next to the chosen ffmpeg, else the one on PATH. */
function probeFor(ffmpeg: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.FFPROBE_PATH?.trim();
  if (fromEnv) return fromEnv;
  const ext = process.platform === 'win32' ? '.exe' : '';
  const sib = path.join(path.dirname(ffmpeg), `ffprobe${ext}`);
  if (path.isAbsolute(ffmpeg) && existsSync(sib)) return sib;
  return onPath('ffprobe', env) ?? 'ffprobe';
}

async function ffmpegStaticPath(): Promise<string | null> {
  try {
    const mod = (await import('ffmpeg-static' as string)) as { default?: string | null };
    const p = mod.default ?? null;
    // Inside a packaged app the binary lives in app.asar.unpacked, not the asar archive.
    const fixed = p?.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`) ?? null;
    return fixed && existsSync(fixed) ? fixed : null;
  } catch {
    return null;
  }
}

/**
 * Finds ffmpeg in this order: the setting → FFMPEG_PATH → ffmpeg-static's binary if it was
 * downloaded → `ffmpeg` on PATH. A setting or FFMPEG_PATH that doesn't run is an error (the user
 * asked for it), not something to skip silently.
 */
export async function locateFfmpeg(opts: { setting?: string; env?: NodeJS.ProcessEnv } = {}): Promise<FfmpegLocation> {
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
      const version = await versionOf(explicit.bin);
      return { ffmpeg: explicit.bin, ffprobe: probeFor(explicit.bin, env), version, source: explicit.source };
    } catch {
      // The user asked for this binary: say so rather than silently using another one.
      throw new UserError('config', `ffmpeg was not found at ${explicit.bin} (from ${explicit.name}): point it at a working ffmpeg binary, or unset it and ${INSTALL_HINT}.`, explicit.subject);
    }
  }
  const candidates: Array<{ bin: string; source: FfmpegLocation['source'] }> = [];
  const fromStatic = await ffmpegStaticPath();
  if (fromStatic) candidates.push({ bin: fromStatic, source: 'ffmpeg-static' });
  const fromPath = onPath('ffmpeg', env);
  if (fromPath) candidates.push({ bin: fromPath, source: 'path' });
  for (const c of candidates) {
    try {
      const version = await versionOf(c.bin);
      return { ffmpeg: c.bin, ffprobe: probeFor(c.bin, env), version, source: c.source };
    } catch {
      // try the next candidate
    }
  }
  throw new UserError('config', `ffmpeg was not found: set FFMPEG_PATH or ${INSTALL_HINT}`, 'FFMPEG_PATH');
}
