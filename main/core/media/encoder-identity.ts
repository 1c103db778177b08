/**
 * The H.264 encoder's own build, for the compile key: a distribution can update libx264
 * without changing ffmpeg's version line, and the farm shares one cache between machines whose
 * libraries differ. x264 writes its build into every stream it encodes ("x264 - core 164
 * r3095…"), so one tiny encode tells. Remembered per ffmpeg binary: in this process, and across
 * processes in the tool memo, so a one-shot `reelforge render` does not pay the probe each time.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ToolMemo } from '../binaries/tool-memo.js';

const run = promisify(execFile);
const memo = new Map<string, Promise<string>>();

async function probe(ffmpegPath: string): Promise<string> {
  try {
    const { stdout } = await run(ffmpegPath, ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'color=s=16x16:d=0.04', '-frames:v', '1', '-c:v', 'libx264', '-f', 'h264', '-'], { encoding: 'latin1', timeout: 15_000, maxBuffer: 1024 * 1024, windowsHide: true });
    const m = /x264 - core (\d+)( r\d+ [0-9a-f]+)?/.exec(stdout);
    return m ? `x264 core ${m[1]}${m[2] ?? ''}` : 'libx264 (build unknown)';
  } catch {
    return 'libx264 (build unknown)';
  }
}

/** "x264 core 164 r3095 baee400", or "libx264 (build unknown)" when the probe encode fails. */
export function encoderIdentity(ffmpegPath: string, toolMemo?: ToolMemo): Promise<string> {
  let p = memo.get(ffmpegPath);
  if (!p) {
    p = toolMemo
      ? toolMemo.answer('x264 build', ffmpegPath, () => probe(ffmpegPath), { accept: (v): v is string => typeof v === 'string' && v !== '' })
      : probe(ffmpegPath);
    memo.set(ffmpegPath, p);
  }
  return p;
}
