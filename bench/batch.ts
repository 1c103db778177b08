/**
 * Issue 4's benchmark: eight 10-second 1080×1920 videos.
 * - `reelforge batch` at concurrency 1, 2 and 4 (fresh cache each time)
 * - the same eight renders one after another (`reelforge render` ×8)
 * - the floor: the eight compile commands run directly by hand-tuned parallel ffmpeg
 *   (min(cores, 8) at a time, threads split evenly), on the same voices and captions
 * Reports videos per minute, CPU utilisation and peak memory.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CacheStore } from '../main/core/cache/store.js';
import { buildCompileSpec } from '../main/core/media/compile/compile-graph.js';
import { specToArgs } from '../main/core/media/ffmpeg-spec.js';
import { locateFfmpeg } from '../main/core/media/ffmpeg-locate.js';
import { fontsDir } from '../main/core/media/fonts.js';
import { resolvePreset } from '../main/core/media/presets.js';
import type { RenderManifest } from '../main/core/pipeline/types.js';
import { makeClip, tempDir } from '../main/testing/media-fixtures.js';
import { startSampler } from './system-sampler.js';
import { manifestMix } from './manifest-mix.js';
import { buildAudioMix } from '../main/core/media/compile/audio-mix.js';
import { measureArgs } from '../main/core/media/loudness/measure.js';
import type { BenchRow } from './table.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'main', 'cli', 'index.js');

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args[1] ?? ''} exited ${String(code)}: ${err}`))));
  });
}

interface Measured {
  ms: number;
  cpu: number | null;
  peakMb: number | null;
}

async function measure(fn: () => Promise<void>): Promise<Measured> {
  const s = startSampler();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const r = s.stop();
  return { ms, cpu: r.cpuUtilisation, peakMb: r.peakMemoryBytes === null ? null : r.peakMemoryBytes / 2 ** 20 };
}

function rowsFor(group: string, name: string, m: Measured, videos: number, extra: Partial<BenchRow> = {}): BenchRow[] {
  const vpm = videos / (m.ms / 60_000);
  const rows: BenchRow[] = [{ group, name: `${name}: videos/min`, value: vpm, unit: 'videos/min', ...extra }];
  if (m.cpu !== null) rows.push({ group, name: `${name}: CPU utilisation`, value: m.cpu * 100, unit: '%' });
  if (m.peakMb !== null) rows.push({ group, name: `${name}: peak memory`, value: m.peakMb, unit: 'MB' });
  return rows;
}

/** A distinct plain script of about `words` words, in sentences without commas (it goes in a CSV). */
function benchScript(n: number, words: number): string {
  const sentences = [
    'Light travels faster than sound.', 'Rivers carve stone over long ages.', 'Bees dance to share their maps.',
    'Octopuses taste with their arms.', 'Some trees talk through their roots.', 'Salt keeps the ocean heavy.',
    'Owls turn their heads very far.', 'Glass is a very slow liquid myth.',
  ];
  const out = [`Video number ${n}.`];
  for (let i = 0; out.join(' ').split(' ').length < words; i++) out.push(sentences[(n + i) % sentences.length] as string);
  return out.join(' ');
}

export async function benchBatch(opts: { videos: number; seconds: number }): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-batch-');
  const clip = await makeClip(path.join(dir, 'clip-1080p.mp4'), { width: 1920, height: 1080, seconds: opts.seconds + 20 });
  // Scripts sized to the target length (espeak-ng speaks about 2.2 words a second with the gaps): the offline writer's
  // shortest script from a topic runs nearer 18 s, and the issue asks for 10-second videos.
  const words = Math.round(opts.seconds * 2.2);
  const scripts = Array.from({ length: opts.videos }, (_, i) => benchScript(i + 1, words));
  const scriptFiles = await Promise.all(scripts.map(async (text, i) => {
    const file = path.join(dir, `script-${i + 1}.txt`);
    await writeFile(file, text);
    return file;
  }));
  const list = path.join(dir, 'scripts.csv');
  await writeFile(list, `script\n${scripts.join('\n')}\n`);
  const g = `batch ${opts.videos}×${opts.seconds} s`;
  const rows: BenchRow[] = [];

  // Sequential: one `reelforge render` after another.
  const seqData = path.join(dir, 'seq-data');
  const seq = await measure(async () => {
    for (const file of scriptFiles) {
      await run(process.execPath, [CLI, 'render', '--script-file', file, '--background', clip, '--out', path.join(dir, 'seq-out'), '--data-dir', seqData]);
    }
  });
  rows.push(...rowsFor(g, 'sequential renders', seq, opts.videos));
  const seqVpm = opts.videos / (seq.ms / 60_000);

  const batchVpm: Record<number, number> = {};
  let lastData = '';
  for (const c of [1, 2, 4]) {
    const data = path.join(dir, `batch-${c}-data`);
    lastData = data;
    const m = await measure(() => run(process.execPath, [CLI, 'batch', list, '--backgrounds', clip, '--concurrency', String(c), '--out', path.join(dir, `batch-${c}-out`), '--data-dir', data, '--json']));
    batchVpm[c] = opts.videos / (m.ms / 60_000);
    rows.push(...rowsFor(g, `reelforge batch, concurrency ${c}`, m, opts.videos, { target: '≥ sequential', ok: (batchVpm[c] ?? 0) >= seqVpm * 0.98 }));
  }

  // The floor: the eight compiles straight into ffmpeg, parallel, on the voices and captions the batch made.
  const { ffmpeg } = await locateFfmpeg();
  const cache = CacheStore.open(path.join(lastData, 'cache'));
  const outDir = path.join(dir, 'batch-4-out');
  const manifests = await Promise.all((await readdir(outDir)).filter((f) => f.endsWith('.json')).map(async (f) => JSON.parse(await readFile(path.join(outDir, f), 'utf8')) as RenderManifest));
  const floorDir = path.join(dir, 'floor');
  await mkdir(floorDir, { recursive: true });
  const commands: string[][] = [];
  // Exact loudness by hand: one measuring pass of each video's sound chain before its compile.
  const measures: string[][] = [];
  for (const [i, m] of manifests.entries()) {
    const voice = cache.getFile(m.stages.find((s) => s.stage === 'voice')?.key ?? '');
    const captions = cache.getJson<{ ass: string }>(m.stages.find((s) => s.stage === 'captions')?.key ?? '');
    if (!voice || !captions) continue;
    const ass = path.join(floorDir, `${i}.ass`);
    await writeFile(ass, captions.value.ass);
    // Copy the voice out: the cache is closed before the floor runs.
    const wav = path.join(floorDir, `${i}.wav`);
    await writeFile(wav, await readFile(voice.path));
    const mix = manifestMix(m, wav);
    measures.push(measureArgs({ ...buildAudioMix(mix, 0, 'out'), durationSec: m.durationSec }));
    commands.push(specToArgs(buildCompileSpec({
      shots: [{ source: { kind: 'file', path: clip, startSec: m.background.startSec, loop: m.background.looped }, durationSec: m.durationSec }],
      audio: mix, overlays: { assPath: ass, fontsDir: fontsDir() }, totalSec: m.durationSec,
      preset: resolvePreset('shorts', undefined, 'final'), outPath: path.join(floorDir, `${i}.mp4`),
    })));
  }
  cache.close();
  const meanLength = manifests.reduce((sum, m) => sum + m.durationSec, 0) / Math.max(1, manifests.length);
  rows.push({ group: g, name: 'mean video length', value: meanLength, unit: 's' });
  const cores = os.availableParallelism();
  const parallel = Math.min(cores, commands.length);
  const threads = Math.max(1, Math.floor(cores / parallel));
  const byHand = (withLoudness: boolean) => measure(async () => {
    let next = 0;
    await Promise.all(Array.from({ length: parallel }, async () => {
      while (next < commands.length) {
        const i = next++;
        if (withLoudness) await run(ffmpeg, measures[i] as string[]);
        const args = commands[i] as string[];
        const at = args.indexOf('-c:v');
        await run(ffmpeg, [...args.slice(0, at), '-threads', String(threads), ...args.slice(at)]);
      }
    }));
  });
  const floor = await byHand(false);
  const floorVpm = commands.length / (floor.ms / 60_000);
  rows.push(...rowsFor(g, `floor: ${parallel} ffmpeg × ${threads} thread(s)`, floor, commands.length));
  const twoPass = await byHand(true);
  const twoPassVpm = commands.length / (twoPass.ms / 60_000);
  rows.push(...rowsFor(g, 'floor with exact loudness by hand (a measuring pass, then the compile)', twoPass, commands.length));
  const best = Math.max(...Object.values(batchVpm));
  rows.push({ group: g, name: 'best batch / floor', value: (best / floorVpm) * 100, unit: '%', target: '≥ 90', ok: best / floorVpm >= 0.9 });
  rows.push({ group: g, name: 'best batch / floor with a measuring pass', value: (best / twoPassVpm) * 100, unit: '%' });
  rows.push({ group: g, name: 'best batch / sequential', value: best / seqVpm, unit: '×', target: '≥ 1', ok: best >= seqVpm * 0.98 });
  await rm(dir, { recursive: true, force: true });
  return rows;
}
