/**
 * Which engine speaks a voice id on this machine, with its version and platform: `system:en-us`
 * is espeak-ng on Linux, `say` on macOS and SAPI on Windows, and they sound different, so the
 * voice's cache key must say which (a farm shares one cache between machines). Online voices
 * are the same everywhere: their model and server are in the key already. espeak-ng's version is
 * asked once per process, and remembered across processes in the tool memo.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import type { ToolMemo } from '../binaries/tool-memo.js';

const run = promisify(execFile);

export interface VoiceEngineIdentity {
  engine: string;
  version: string;
  platform: string;
}

const memo = new Map<string, Promise<VoiceEngineIdentity>>();

async function espeakVersion(bin: string): Promise<string> {
  try {
    const { stdout } = await run(bin, ['--version'], { timeout: 10_000, windowsHide: true });
    return stdout.split('\n')[0]?.trim() ?? '';
  } catch {
    // No engine: the voice stage itself reports that, with the fix; the key just says so.
    return 'unavailable';
  }
}

async function systemEngine(platform: NodeJS.Platform, toolMemo: ToolMemo | undefined): Promise<VoiceEngineIdentity> {
  if (platform === 'darwin') return { engine: 'say', version: os.release(), platform };
  if (platform === 'win32') return { engine: 'sapi', version: os.release(), platform };
  const bin = process.env.ESPEAK_NG_PATH || 'espeak-ng';
  const version = toolMemo
    ? await toolMemo.answer('espeak-ng --version', bin, () => espeakVersion(bin), { accept: (v): v is string => typeof v === 'string' && v !== '' })
    : await espeakVersion(bin);
  return { engine: 'espeak-ng', version, platform };
}

/** Null for online voices (the same bytes from any machine); the local engine otherwise. */
export function voiceEngineIdentity(voice: string, toolMemo?: ToolMemo, platform: NodeJS.Platform = process.platform): Promise<VoiceEngineIdentity> | null {
  if (!voice.startsWith('system:')) return null;
  let p = memo.get(platform);
  if (!p) {
    p = systemEngine(platform, toolMemo);
    memo.set(platform, p);
  }
  return p;
}
