/**
 * Issue 13's benchmark: a 30-second 1080×1920 short with the one-word pop style (emoji on), a
 * hook title and a brand logo, rendered cold by Reelforge (script, voice, captions, the sync
 * check, ONE compile pass) against the floor: one hand-written ffmpeg command with the same
 * filters (crop/scale, logo overlay, the same ASS burn-in, the same loudness chain, the same
 * encoder settings and threads) on the same voice and captions. Plus the style editor's still.
 */
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../main/core/engine.js';
import { renderPreview } from '../main/core/looks/preview.js';
import { pngSize } from '../main/core/looks/library.js';
import { getCaptionStyle, getTitleStyle } from '../main/core/media/captions/builtin-styles.js';
import { placeLogo } from '../main/core/media/compile/overlays.js';
import { fontsDir } from '../main/core/media/fonts.js';
import { resolvePreset } from '../main/core/media/presets.js';
import type { RenderManifest } from '../main/core/pipeline/types.js';
import { makeClip, tempDir } from '../main/testing/media-fixtures.js';
import type { BenchRow } from './table.js';

function timeProcess(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${path.basename(cmd)} exited ${String(code)}: ${err}`))));
  });
}

/** ffmpeg filter-option escaping for a path, written out by hand: \ ' : then [ ] , ; */
function esc(p: string): string {
  return p.replace(/[\\':]/g, (c) => `\\${c}`).replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

export async function benchCaptions(opts: { seconds: number }): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-captions-');
  const dataDir = path.join(dir, 'data');
  const out = path.join(dir, 'out');
  const clip = await makeClip(path.join(dir, 'clip-1080p.mp4'), { width: 1920, height: 1080, seconds: opts.seconds + 5, audio: true });
  const logo = path.join(dir, 'logo.png');
  await new Promise<void>((resolve, reject) => {
    const c = spawn('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xffcc00:s=400x160,format=rgba', '-frames:v', '1', logo]);
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error('bench: could not make the logo'))));
  });
  const rows: BenchRow[] = [];
  const g = 'captions 30 s short';

  const engine = await Engine.open({ dataDir });
  await engine.looks.saveBrand({ version: 1, name: 'bench', captionStyle: 'one-word', logo: { path: logo, corner: 'top-left', sizePercent: 16, opacity: 0.9 } }, 'bench', dir);
  // A later video, as every video after a data folder's first: the voice's pace measured and the
  // tools probed once, the clip and logo hashed once (bench/render.ts reports the first video too).
  const warm = await engine.resolve({ topic: 'How do bees make honey', background: clip, duration: opts.seconds, brand: 'bench' }, { size: { width: 270, height: 480 }, quality: 'draft' });
  await engine.render(warm, path.join(dir, 'warm'));
  const req = await engine.resolve({ topic: 'Why cats purr', background: clip, duration: opts.seconds, brand: 'bench' });
  const t0 = performance.now();
  const cold = await engine.render(req, out);
  const coldMs = performance.now() - t0;
  const m: RenderManifest = cold.manifest;
  rows.push({ group: g, name: 'reelforge cold (a later video), one-word pop + hook title + logo + emoji (in-process)', value: coldMs / 1000, unit: 's' });
  const captionsStage = m.stages.find((s) => s.stage === 'captions');
  rows.push({ group: g, name: 'captions stage (pages, layout, ASS, sync check)', value: captionsStage?.ms ?? 0, unit: 'ms' });

  // The floor: the same filters as one hand-written ffmpeg command.
  const voiceHit = engine.cache.getFile(m.stages.find((s) => s.stage === 'voice')?.key ?? '');
  const captionsHit = engine.cache.getJson<{ ass: string }>(captionsStage?.key ?? '');
  if (!voiceHit || !captionsHit) throw new Error('bench: the voice or captions entry is missing from the cache');
  const assPath = path.join(dir, 'captions.ass');
  await writeFile(assPath, captionsHit.value.ass);
  const p = resolvePreset('shorts', undefined, 'final');
  const box = placeLogo({ corner: 'top-left', sizePercent: 16 }, await pngSize(logo), 'shorts', p);
  const threads = String(os.availableParallelism());
  const t = String(m.durationSec);
  const seek = m.background.looped ? ['-stream_loop', '-1'] : ['-ss', String(m.background.startSec)];
  const graph = [
    `[0:v]crop=w=2*trunc(min(iw\\,ih*1080/1920/sar)/2):h=2*trunc(min(ih\\,iw*sar/(1080/1920))/2):x=(iw-ow)/2:y=(ih-oh)/2,scale=1080:1920:flags=bicubic,setsar=1,fps=30${m.background.looped ? '' : ',tpad=stop=-1:stop_mode=clone'},format=yuv420p[base]`,
    `[1:v]format=rgba,scale=${box.width}:${box.height}:flags=lanczos,colorchannelmixer=aa=0.9[logo]`,
    `[base][logo]overlay=x=${box.x}:y=${box.y}:eof_action=repeat:format=auto,format=yuv420p,ass=filename=${esc(assPath)}:fontsdir=${esc(fontsDir())}[v]`,
    '[2:a]aresample=48000:async=1,aformat=sample_fmts=fltp,apad,loudnorm=I=-14:TP=-1.5:LRA=11,aresample=48000[a]',
  ].join(';');
  const floorArgs = [
    '-hide_banner', '-nostdin', '-y', ...seek, '-i', clip, '-i', logo, '-i', voiceHit.path,
    '-filter_complex', graph, '-map', '[v]', '-map', '[a]', '-t', t, '-threads', threads,
    '-r', '30', '-c:v', 'libx264', '-preset', p.x264Preset, '-crf', String(p.crf), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', `${p.audioBitrateKbps}k`, '-ar', '48000', '-ac', '2',
    '-map_metadata', '-1', '-map_chapters', '-1', '-movflags', '+faststart', '-f', 'mp4', path.join(dir, 'floor.mp4'),
  ];
  const floorMs = await timeProcess(engine.ffmpeg.ffmpeg, floorArgs);
  rows.push({ group: g, name: 'floor: one hand-written ffmpeg command, same filters', value: floorMs / 1000, unit: 's' });
  rows.push({ group: g, name: 'reelforge cold / floor', value: coldMs / floorMs, unit: '×', target: '≤ 1.10', ok: coldMs / floorMs <= 1.1 });

  // The style editor's still: one frame of the real pipeline, median of five.
  const stills: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { ms } = await renderPreview({
      style: getCaptionStyle('one-word'), title: { style: getTitleStyle('headline'), text: 'Most people get this wrong' }, endCard: null,
      logo: { path: logo, corner: 'top-left', sizePercent: 16, opacity: 0.9 }, preset: 'shorts', text: 'Why do cats purr so much?', atSec: 1 + i * 0.3,
      background: 'builtin:aurora', width: 360,
    }, { ffmpeg: engine.ffmpeg.ffmpeg, fontsDir: fontsDir(), assPath: path.join(dir, 'still.ass'), outJpg: path.join(dir, 'still.jpg') });
    stills.push(ms);
  }
  stills.sort((a, b) => a - b);
  const still = stills[2] ?? 0;
  rows.push({ group: 'style editor', name: 'live still, one frame of the real pipeline (median of 5)', value: still, unit: 'ms', target: '≤ 500', ok: still <= 500 });
  await engine.close();
  await rm(dir, { recursive: true, force: true });
  return rows;
}
