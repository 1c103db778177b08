import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileHit } from '../../cache/types.js';
import type { AudioMix } from '../../media/compile/audio-mix.js';
import { buildCompileSpec, buildThumbnailSpec } from '../../media/compile/compile-graph.js';
import { placeLogo, type LogoCorner, type LogoOverlay } from '../../media/compile/overlays.js';
import type { CompileShot, ShotTransition } from '../../media/compile/video-track.js';
import { pngSize } from '../../looks/library.js';
import type { ResolvedPreset } from '../../media/presets.js';
import type { WorkerPool } from '../../pool/worker-pool.js';
import { cachedFile, stageKey, type StageCacheContext } from '../stage-cache.js';
import type { StageReport } from '../types.js';

const VERSION = 3;

export interface CompileInputs {
  /** The picture track and a key for what it shows (sources' identities, in-points, lengths). */
  visuals: { key: string; shots: CompileShot[]; transition?: ShotTransition };
  captions: { key: string; ass: string };
  /** The sound track with its levels already measured (stages/sound.ts); its key covers the voice and the music. */
  sound: { key: string; mix: AudioMix };
  /** A brand's logo: drawn by an overlay in the same pass. */
  logo?: { path: string; identity: string; corner: LogoCorner; sizePercent: number; opacity: number } | null;
  /** Length of the video (the voice and its tail). */
  totalSec: number;
  preset: ResolvedPreset;
  ffmpegVersion: string;
  /** The H.264 encoder's build (media/encoder-identity.ts): libx264 can change without ffmpeg's version line. */
  encoder: string;
  fontsDir: string;
  fontsDigest: string;
  workDir: string;
}

export interface CompileOutput {
  video: FileHit;
  thumbnail: FileHit;
  key: string;
  report: StageReport;
}

/** Where in the video the thumbnail is taken, and how wide it is. */
function thumbnailAt(inp: Pick<CompileInputs, 'totalSec' | 'preset'>): { atSec: number; width: number } {
  return { atSec: Math.min(1.5, inp.totalSec / 3), width: Math.min(540, inp.preset.width) };
}

/**
 * Compile: one ffmpeg pass (picture track, burn-in, mix, loudness, encode) in a worker, which
 * also writes the thumbnail. Only when the video came from the cache without its thumbnail is
 * the thumbnail a job of its own.
 */
export async function compileStage(
  ctx: StageCacheContext,
  inp: CompileInputs,
  deps: { pool: WorkerPool; signal: AbortSignal; onFraction: (f: number) => void },
): Promise<CompileOutput> {
  const key = stageKey('compile', VERSION, {
    visuals: inp.visuals.key, sound: inp.sound.key, captions: inp.captions.key, preset: inp.preset, ffmpeg: inp.ffmpegVersion, encoder: inp.encoder,
    fonts: inp.fontsDigest, totalSec: inp.totalSec,
    ...(inp.logo ? { logo: { identity: inp.logo.identity, corner: inp.logo.corner, sizePercent: inp.logo.sizePercent, opacity: inp.logo.opacity } } : {}),
  });

  let thumbFromPass: string | null = null;
  const { hit: video, report } = await cachedFile(ctx, 'compile', 'compile', key, async () => {
    const assPath = path.join(inp.workDir, 'captions.ass');
    await writeFile(assPath, inp.captions.ass, 'utf8');
    const outPath = ctx.cache.tmpPath('.mp4');
    thumbFromPass = ctx.cache.tmpPath('.jpg');
    const spec = buildCompileSpec({
      thumbnail: { path: thumbFromPass, ...thumbnailAt(inp) },
      shots: inp.visuals.shots,
      ...(inp.visuals.transition ? { transition: inp.visuals.transition } : {}),
      audio: inp.sound.mix,
      overlays: { assPath, fontsDir: inp.fontsDir, ...(inp.logo ? { logo: await logoOverlay(inp.logo, inp.preset) } : {}) },
      preset: inp.preset,
      outPath,
      totalSec: inp.totalSec,
    });
    await deps.pool.run({ kind: 'ffmpeg', spec }, {
      signal: deps.signal, onProgress: (p) => deps.onFraction(p.fraction), label: 'compile',
    });
    return { tempPath: outPath, meta: { durationSec: inp.totalSec, width: inp.preset.width, height: inp.preset.height } };
  });

  const thumbKey = stageKey('thumbnail', 2, { video: key });
  try {
    const { hit: thumbnail } = await cachedFile(ctx, 'compile', 'thumbnail', thumbKey, async () => {
      const fromPass: string | null = thumbFromPass;
      if (fromPass !== null && existsSync(fromPass)) {
        thumbFromPass = null; // the cache moves it into place
        return { tempPath: fromPass };
      }
      const { atSec, width } = thumbnailAt(inp);
      const outJpg = ctx.cache.tmpPath('.jpg');
      await deps.pool.run({ kind: 'ffmpeg', spec: buildThumbnailSpec(video.path, atSec, outJpg, width) }, { signal: deps.signal, label: 'thumbnail' });
      return { tempPath: outJpg };
    });
    return { video, thumbnail, key, report };
  } finally {
    // A thumbnail the pass wrote but the cache already had.
    if (thumbFromPass !== null) await rm(thumbFromPass, { force: true });
  }
}

async function logoOverlay(logo: NonNullable<CompileInputs['logo']>, preset: ResolvedPreset): Promise<LogoOverlay> {
  const box = placeLogo(logo, await pngSize(logo.path), preset.name, preset);
  return { path: logo.path, opacity: logo.opacity, ...box };
}
