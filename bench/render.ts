/**
 * Issue 2's benchmark: a 30-second 1080×1920 short from a 1080p 16:9 clip.
 * - Reelforge cold render (in-process wall time, and the whole `reelforge render` process): the
 *   first video of a new data folder, and a later one (another topic) against the same floor
 * - the floor: the single equivalent ffmpeg command, run directly on the same voice, captions and clip
 * - the naive multi-pass approach (crop → mux → subtitles)
 * - a cache-hit render (in-process and whole process)
 */
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../main/core/engine.js';
import { buildCompileSpec, buildNaiveMultiPassSpecs, type CompileParams } from '../main/core/media/compile/compile-graph.js';
import { specToArgs } from '../main/core/media/ffmpeg-spec.js';
import { fontsDir } from '../main/core/media/fonts.js';
import { measureLoudness } from '../main/core/media/loudness/measure.js';
import { resolvePreset } from '../main/core/media/presets.js';
import type { RenderManifest } from '../main/core/pipeline/types.js';
import { makeClip, tempDir } from '../main/testing/media-fixtures.js';
import { manifestMix } from './manifest-mix.js';
import type { BenchRow } from './table.js';
import { timeProcess } from './time-process.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'main', 'cli', 'index.js');

export async function benchRender(opts: { seconds: number }): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-render-');
  const dataDir = path.join(dir, 'data');
  const out = path.join(dir, 'out');
  const clip = await makeClip(path.join(dir, 'clip-1080p.mp4'), { width: 1920, height: 1080, seconds: opts.seconds + 5, audio: true });
  const rows: BenchRow[] = [];
  const g = 'render 30 s short';

  // Cold render, in process.
  const engine = await Engine.open({ dataDir });
  const req = await engine.resolve({ topic: 'Why cats purr', background: clip, duration: opts.seconds });
  let t0 = performance.now();
  const cold = await engine.render(req, out);
  const coldMs = performance.now() - t0;
  const m: RenderManifest = cold.manifest;
  rows.push({ group: g, name: 'reelforge cold (in-process)', value: coldMs / 1000, unit: 's' });
  // The sound of the video, measured on the MP4 (issue 12: −14 LUFS, true peak ≤ −1 dBTP).
  const loud = await measureLoudness(engine.ffmpeg.ffmpeg, { inputs: [{ source: m.outputs.mp4, options: [] }], filter: '[0:a]anull[out]' });
  rows.push({ group: g, name: 'integrated loudness of the video', value: loud.integratedLufs, unit: 'LUFS', target: '−14 ± 0.5', ok: Math.abs(loud.integratedLufs + 14) <= 0.5 });
  rows.push({ group: g, name: 'true peak of the video', value: loud.truePeakDb, unit: 'dBTP', target: '≤ −1.0', ok: loud.truePeakDb <= -1 });

  // The floor: the same single ffmpeg command on the same voice, captions and clip, run directly.
  const ffmpeg = engine.ffmpeg.ffmpeg;
  const voiceHit = engine.cache.getFile(m.stages.find((s) => s.stage === 'voice')?.key ?? '');
  const captionsHit = engine.cache.getJson<{ ass: string }>(m.stages.find((s) => s.stage === 'captions')?.key ?? '');
  if (!voiceHit || !captionsHit) throw new Error('bench: the voice or captions entry is missing from the cache');
  const assPath = path.join(dir, 'captions.ass');
  await writeFile(assPath, captionsHit.value.ass);
  const params: CompileParams = {
    shots: [{ source: { kind: 'file', path: clip, startSec: m.background.startSec, loop: m.background.looped }, durationSec: m.durationSec }],
    audio: manifestMix(m, voiceHit.path), overlays: { assPath, fontsDir: fontsDir() }, totalSec: m.durationSec,
    preset: resolvePreset('shorts', undefined, 'final'), outPath: path.join(dir, 'floor.mp4'),
    // The same thread count the pool gives a lone encode: the floor is the same command, run by hand.
    threads: os.availableParallelism(),
  };
  const floorMs = await timeProcess(ffmpeg, specToArgs(buildCompileSpec(params)));
  rows.push({ group: g, name: 'floor: one ffmpeg command', value: floorMs / 1000, unit: 's' });
  rows.push({ group: g, name: 'reelforge cold, first video of a new data folder / floor', value: coldMs / floorMs, unit: '×' });
  // Every later video: another topic on the same clip, so the voice's pace is already measured
  // (once per voice), the tools probed (once per install) and the clip hashed (once per file).
  const next = await engine.resolve({ topic: 'How do bees make honey', background: clip, duration: opts.seconds });
  t0 = performance.now();
  await engine.render(next, out);
  const nextMs = performance.now() - t0;
  rows.push({ group: g, name: 'reelforge cold, a later video (another topic)', value: nextMs / 1000, unit: 's' });
  rows.push({ group: g, name: 'reelforge cold / floor', value: nextMs / floorMs, unit: '×', target: '≤ 1.10', ok: nextMs / floorMs <= 1.1 });

  let naiveMs = 0;
  for (const spec of buildNaiveMultiPassSpecs({ ...params, outPath: path.join(dir, 'naive.mp4') }, { cropped: path.join(dir, 'naive-1.mp4'), muxed: path.join(dir, 'naive-2.mp4') })) {
    naiveMs += await timeProcess(ffmpeg, specToArgs(spec));
  }
  rows.push({ group: g, name: 'naive multi-pass', value: naiveMs / 1000, unit: 's' });
  rows.push({ group: g, name: 'naive / floor', value: naiveMs / floorMs, unit: '×' });

  // Cache hit, in process: the whole video is one lookup plus a copy out.
  const hits: number[] = [];
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    await engine.render(req, out);
    hits.push(performance.now() - t0);
  }
  hits.sort((a, b) => a - b);
  const hitMs = hits[Math.floor(hits.length / 2)] ?? 0;
  rows.push({ group: 'cache hit', name: 'render hit (in-process, median of 5)', value: hitMs, unit: 'ms', target: '≤ 20', ok: hitMs <= 20 });
  rows.push({ group: 'cache hit', name: 'hit / cold', value: (hitMs / coldMs) * 100, unit: '%', target: '≤ 1', ok: hitMs / coldMs <= 0.01 });
  await engine.close();

  // Whole process: `reelforge render` cold (fresh data dir) and as a cache hit.
  const cliArgs = (d: string): string[] => [CLI, 'render', '--topic', 'Why cats purr', '--background', clip, '--duration', String(opts.seconds), '--out', out, '--data-dir', d];
  const fresh = path.join(dir, 'data2');
  const coldProc = await timeProcess(process.execPath, cliArgs(fresh));
  rows.push({ group: g, name: 'reelforge render cold (whole process)', value: coldProc / 1000, unit: 's' });
  const hitProc = await timeProcess(process.execPath, cliArgs(fresh));
  rows.push({ group: 'cache hit', name: 'reelforge render hit (whole process)', value: hitProc, unit: 'ms' });
  rows.push({ group: 'cache hit', name: 'whole-process hit / cold', value: (hitProc / coldProc) * 100, unit: '%' });
  await rm(dir, { recursive: true, force: true });
  return rows;
}
