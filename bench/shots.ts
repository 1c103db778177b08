/**
 * Issue 11's benchmark: a 30-second 1080×1920 short of 8 shots from 8 different 1080p clips
 * (a footage library matched to an 8-sentence script).
 * - Reelforge cold (script, voice, captions, shot plan, ONE compile)
 * - the floor: the same single ffmpeg command, written out and run by hand on the same voice, captions and shots
 * - the per-shot approach the peers take: each shot encoded to its own file, joined with the
 *   concat demuxer (with the sound), then a caption pass
 * - indexing throughput: minutes of footage indexed per minute (probe, scene cuts, thumbnails, hashes)
 * - peak memory of a 20-shot compile (20 inputs open in one ffmpeg)
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Engine } from '../main/core/engine.js';
import { buildCompileSpec, type CompileParams } from '../main/core/media/compile/compile-graph.js';
import { buildAudioMix, type AudioMix } from '../main/core/media/compile/audio-mix.js';
import { buildVideoTrack, type CompileShot } from '../main/core/media/compile/video-track.js';
import { assFilter } from '../main/core/media/compile/overlays.js';
import { specToArgs } from '../main/core/media/ffmpeg-spec.js';
import { fontsDir } from '../main/core/media/fonts.js';
import { resolvePreset, type ResolvedPreset } from '../main/core/media/presets.js';
import { compileShotOf } from '../main/core/pipeline/stages/shots.js';
import type { RenderManifest } from '../main/core/pipeline/types.js';
import { tempDir } from '../main/testing/media-fixtures.js';
import { manifestMix } from './manifest-mix.js';
import type { BenchRow } from './table.js';

const run = promisify(execFile);

const SUBJECTS = ['dog', 'ocean', 'city', 'forest', 'mountain', 'coffee', 'bicycle', 'sunset'];
/** About 30 s at espeak-ng's pace: eight sentences, each naming one clip's subject. */
const SCRIPT = [
  'My dog waits by the door every single morning for his long walk.',
  'Then we head down to the ocean where the cold waves roll in fast.',
  'Later the city wakes up with traffic, coffee carts and loud buses.',
  'On weekends we drive out to a quiet forest full of tall old pines.',
  'From the top of the mountain you can see three valleys at once.',
  'Back home a strong cup of coffee fixes everything after the climb.',
  'I still ride my old bicycle to the market when the weather is kind.',
  'And every evening ends with the sunset painting the whole sky orange.',
].join(' ');

/** Peak resident memory of a process and its children while it runs (Linux /proc; null elsewhere). */
function timeWithPeak(cmd: string, args: string[]): Promise<{ ms: number; peakBytes: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let peak: number | null = null;
    const sample = (): void => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (hwm) peak = Math.max(peak ?? 0, Number(hwm) * 1024);
      } catch {
        // not Linux, or already gone
      }
    };
    const timer = setInterval(sample, 50);
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ ms: performance.now() - t0, peakBytes: peak });
      else reject(new Error(`${path.basename(cmd)} exited ${String(code)}: ${err}`));
    });
  });
}

async function makeFootage(dir: string, seconds: number): Promise<string[]> {
  const files: string[] = [];
  for (const [i, subject] of SUBJECTS.entries()) {
    const file = path.join(dir, `${subject}.mp4`);
    // A moving pattern in a different hue per clip: real decode and scaling work, told apart at a glance.
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30:d=${seconds},hue=h=${i * 45}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-g', '60', file]);
    files.push(file);
  }
  return files;
}

/** What the peers do: one encode per shot, the concat demuxer (with the sound mixed in), then a caption pass. */
async function perShot(ffmpeg: string, shots: CompileShot[], p: ResolvedPreset, mix: AudioMix, assPath: string, totalSec: number, dir: string, threads: number): Promise<number> {
  const enc = ['-c:v', p.videoCodec, '-preset', p.x264Preset, '-crf', String(p.crf), '-pix_fmt', p.pixFmt, '-r', String(p.fps), '-threads', String(threads)];
  let ms = 0;
  const parts: string[] = [];
  for (const [i, s] of shots.entries()) {
    // Each shot through the same picture chain as the one pass (a clip, a still's move, or the built-in look), encoded alone.
    const out = path.join(dir, `part-${i}.mp4`);
    const track = buildVideoTrack([s], p, 0);
    ms += (await timeWithPeak(ffmpeg, ['-v', 'error', '-y', ...track.inputs.flatMap((x) => [...x.options, '-i', x.source]),
      '-filter_complex', track.filter, '-map', `[${track.out}]`, '-t', String(s.durationSec), '-an', ...enc, out])).ms;
    parts.push(out);
  }
  const list = path.join(dir, 'parts.txt');
  await writeFile(list, parts.map((f) => `file '${f.replace(/'/g, "'\\''")}'`).join('\n'));
  const joined = path.join(dir, 'joined.mp4');
  // The same sound chain the one-pass compile uses, so only the picture's path differs.
  const audio = buildAudioMix(mix, 1);
  ms += (await timeWithPeak(ffmpeg, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, ...audio.inputs.flatMap((i) => [...i.options, '-i', i.source]),
    '-filter_complex', audio.filter, '-map', '0:v', '-map', `[${audio.out}]`, '-c:v', 'copy', '-c:a', 'aac', '-b:a', '160k', '-t', String(totalSec), joined])).ms;
  ms += (await timeWithPeak(ffmpeg, ['-v', 'error', '-y', '-i', joined, '-vf', `${assFilter(assPath, fontsDir())},format=yuv420p`, '-c:a', 'copy', ...enc, '-movflags', '+faststart', path.join(dir, 'per-shot.mp4')])).ms;
  return ms;
}

export async function benchShots(opts: { seconds: number; memoryShots: number; size?: { width: number; height: number } }): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-shots-');
  const footage = path.join(dir, 'footage');
  await mkdir(footage);
  const clips = await makeFootage(footage, 10);
  const rows: BenchRow[] = [];
  const g = `shots: ${opts.seconds} s short, ${SUBJECTS.length} shots`;
  const cores = os.availableParallelism();

  // Indexing: every clip hashed, probed, cut into scenes and given thumbnails, on the pool.
  const engine = await Engine.open({ dataDir: path.join(dir, 'data') });
  try {
    const added = await engine.footage.add([footage]);
    const s = added.summary;
    rows.push({ group: g, name: 'indexing throughput', value: (s.footageSec / 60) / (s.ms / 60_000), unit: 'min footage/min' });

    // A later video, as every video after a data folder's first: the voice's pace measured and the
    // tools probed once (bench/render.ts reports the first video of a data folder too).
    const warm = await engine.resolve({ script: 'My dog and I walk to the ocean every morning.', visuals: 'library' }, { size: { width: 270, height: 480 }, quality: 'draft' });
    await engine.render(warm, path.join(dir, 'warm'));
    const req = await engine.resolve({ script: SCRIPT, duration: opts.seconds, visuals: 'library' }, opts.size ? { size: opts.size } : {});
    let t0 = performance.now();
    const cold = await engine.render(req, path.join(dir, 'out'));
    const coldMs = performance.now() - t0;
    const m: RenderManifest = cold.manifest;
    const shots = (m.shots?.shots ?? []).map(compileShotOf);
    const distinct = new Set(m.shots?.shots.map((x) => x.path)).size;
    rows.push({ group: g, name: `reelforge cold, a later video (${shots.length} shots, ${distinct} clips, ${m.durationSec.toFixed(1)} s)`, value: coldMs / 1000, unit: 's' });

    const voice = engine.cache.getFile(m.stages.find((x) => x.stage === 'voice')?.key ?? '');
    const captions = engine.cache.getJson<{ ass: string }>(m.stages.find((x) => x.stage === 'captions')?.key ?? '');
    if (!voice || !captions) throw new Error('bench: the voice or captions entry is missing from the cache');
    const assPath = path.join(dir, 'captions.ass');
    await writeFile(assPath, captions.value.ass);
    const preset = resolvePreset('shorts', opts.size, 'final');
    const params: CompileParams = {
      shots, audio: manifestMix(m, voice.path), overlays: { assPath, fontsDir: fontsDir() }, totalSec: m.durationSec,
      preset, outPath: path.join(dir, 'floor.mp4'), threads: cores,
    };
    const ffmpeg = engine.ffmpeg.ffmpeg;
    const floor = await timeWithPeak(ffmpeg, specToArgs(buildCompileSpec(params)));
    rows.push({ group: g, name: 'floor: one hand-run ffmpeg command', value: floor.ms / 1000, unit: 's' });
    rows.push({ group: g, name: 'reelforge cold / floor', value: coldMs / floor.ms, unit: '×', target: '≤ 1.10', ok: coldMs / floor.ms <= 1.1 });

    const perShotMs = await perShot(ffmpeg, shots, preset, params.audio, assPath, m.durationSec, dir, cores);
    rows.push({ group: g, name: 'per-shot approach (encode each, concat, caption pass)', value: perShotMs / 1000, unit: 's' });
    rows.push({ group: g, name: 'per-shot / floor', value: perShotMs / floor.ms, unit: '×' });

    // Twenty shots from twenty inputs in one invocation: every decoder open at once.
    const each = m.durationSec / opts.memoryShots;
    const twenty: CompileShot[] = Array.from({ length: opts.memoryShots }, (_, i) => ({
      source: { kind: 'file', path: clips[i % clips.length] as string, startSec: (i % 5) * 0.7, loop: false }, durationSec: each,
    }));
    t0 = performance.now();
    const mem = await timeWithPeak(ffmpeg, specToArgs(buildCompileSpec({ ...params, shots: twenty, outPath: path.join(dir, 'twenty.mp4') })));
    if (mem.peakBytes !== null) {
      rows.push({ group: g, name: `peak memory, ${opts.memoryShots}-shot compile`, value: mem.peakBytes / 2 ** 20, unit: 'MB', target: '≤ 1024', ok: mem.peakBytes <= 2 ** 30 });
    }
    rows.push({ group: g, name: `${opts.memoryShots}-shot compile`, value: mem.ms / 1000, unit: 's' });
  } finally {
    await engine.close();
  }
  return rows;
}
