import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileHit } from '../../cache/types.js';
import { buildCompileSpec, buildThumbnailSpec } from '../../media/compile-graph.js';
import type { ResolvedPreset } from '../../media/presets.js';
import type { WorkerPool } from '../../pool/worker-pool.js';
import { chooseSegment } from '../segment.js';
import { cachedFile, stageKey, type StageCacheContext } from '../stage-cache.js';
import type { StageReport } from '../types.js';
import type { BackgroundSource } from './background.js';

const VERSION = 1;
/** Seconds of picture after the last word, so the video doesn't cut off mid-breath. */
export const TAIL_SEC = 0.6;

export interface CompileInputs {
  background: BackgroundSource;
  backgroundKey: string;
  seed: number;
  voice: { key: string; wavPath: string; durationMs: number };
  captions: { key: string; ass: string };
  music: { path: string; identity: string } | null;
  preset: ResolvedPreset;
  ffmpegVersion: string;
  fontsDir: string;
  fontsDigest: string;
  workDir: string;
}

export interface CompileOutput {
  video: FileHit;
  thumbnail: FileHit;
  key: string;
  segment: { startSec: number; looped: boolean };
  report: StageReport;
}

/** Compile: one ffmpeg pass (crop/scale, burn-in, mix, loudness, encode) in a worker, then a thumbnail. */
export async function compileStage(
  ctx: StageCacheContext,
  inp: CompileInputs,
  deps: { pool: WorkerPool; signal: AbortSignal; onFraction: (f: number) => void },
): Promise<CompileOutput> {
  const voiceSec = inp.voice.durationMs / 1000;
  const neededSec = voiceSec + TAIL_SEC;
  const segment = inp.background.kind === 'file'
    ? chooseSegment(inp.background.info.durationSec, neededSec, inp.seed)
    : { startSec: 0, loop: false };
  const key = stageKey('compile', VERSION, {
    background: inp.backgroundKey, segment, voice: inp.voice.key, captions: inp.captions.key,
    music: inp.music?.identity ?? null, preset: inp.preset, ffmpeg: inp.ffmpegVersion,
    fonts: inp.fontsDigest, tail: TAIL_SEC,
  });

  const { hit: video, report } = await cachedFile(ctx, 'compile', 'compile', key, async () => {
    const assPath = path.join(inp.workDir, 'captions.ass');
    await writeFile(assPath, inp.captions.ass, 'utf8');
    const outPath = ctx.cache.tmpPath('.mp4');
    const spec = buildCompileSpec({
      background: inp.background.kind === 'file'
        ? { kind: 'file', path: inp.background.path, startSec: segment.startSec, loop: segment.loop }
        : { kind: 'builtin', name: inp.background.name },
      voiceWav: inp.voice.wavPath,
      voiceDurationSec: voiceSec,
      assPath,
      fontsDir: inp.fontsDir,
      ...(inp.music ? { music: inp.music.path } : {}),
      preset: inp.preset,
      outPath,
      tailSec: TAIL_SEC,
    });
    await deps.pool.run({ kind: 'ffmpeg', spec }, {
      signal: deps.signal, onProgress: (p) => deps.onFraction(p.fraction), label: 'compile',
    });
    return { tempPath: outPath, meta: { durationSec: neededSec, width: inp.preset.width, height: inp.preset.height } };
  });

  const thumbKey = stageKey('thumbnail', VERSION, { video: key });
  const { hit: thumbnail } = await cachedFile(ctx, 'compile', 'thumbnail', thumbKey, async () => {
    const outJpg = ctx.cache.tmpPath('.jpg');
    const spec = buildThumbnailSpec(video.path, Math.min(1.5, neededSec / 3), outJpg, Math.min(540, inp.preset.width));
    await deps.pool.run({ kind: 'ffmpeg', spec }, { signal: deps.signal, label: 'thumbnail' });
    return { tempPath: outJpg };
  });

  return { video, thumbnail, key, segment: { startSec: segment.startSec, looped: segment.loop }, report };
}
