/**
 * The H.264 encoder's own build, for the compile key: a distribution can update libx264
 * without changing ffmpeg's version line, and the farm shares one cache between machines whose
 * libraries differ. x264 writes its build into every stream it encodes ("x264 - core 164
 * r3095…"), so one tiny encode tells. Remembered per ffmpeg binary (path, size, mtime): in this
 * process, and in the cache so a one-shot `reelforge render` does not pay the probe each time.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { cacheKey } from '../cache/key.js';
import type { CacheStore } from '../cache/store.js';

const run = promisify(execFile);
const memo = new Map<string, Promise<string>>();
const UNKNOWN = 'libx264 (build unknown)';

async function probe(ffmpegPath: string): Promise<string> {
  try {
    const { stdout } = await run(ffmpegPath, ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'color=s=16x16:d=0.04', '-frames:v', '1', '-c:v', 'libx264', '-f', 'h264', '-'], { encoding: 'latin1', timeout: 15_000, maxBuffer: 1024 * 1024, windowsHide: true });
    const m = /x264 - core (\d+)( r\d+ [0-9a-f]+)?/.exec(stdout);
    return m ? `x264 core ${m[1]}${m[2] ?? ''}` : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

/** "x264 core 164 r3095 baee400", or "libx264 (build unknown)" when the probe encode fails. */
export function encoderIdentity(ffmpegPath: string, cache?: CacheStore | null): Promise<string> {
  let p = memo.get(ffmpegPath);
  if (!p) {
    p = (async () => {
      const st = await stat(ffmpegPath).catch(() => null); // a bare name on PATH: no file identity, probe every process
      const key = st ? cacheKey('tool', 1, { encoderOf: ffmpegPath, size: st.size, mtimeMs: Math.round(st.mtimeMs) }) : null;
      const hit = key ? cache?.getJson<string>(key) : null;
      if (hit) return hit.value;
      const started = performance.now();
      const found = await probe(ffmpegPath);
      if (key && found !== UNKNOWN) cache?.putJson(key, 'tool', found, { computeMs: performance.now() - started });
      return found;
    })();
    memo.set(ffmpegPath, p);
  }
  return p;
}
