/**
 * Issue 12's benchmark (`npm run bench -- sound`): sound a creator would post.
 * - The length asked for: 10, 30 and 60 s targets (offline writer, the system voice, a first
 *   use of the voice so its pace is calibrated) — the video's length and its error.
 * - Loudness of every render, measured on the MP4: integrated LUFS and true peak (dBTP).
 * - What measuring costs: the sound step (measure the voice and music, solve the master on the
 *   audio only) against the compile it precedes, in the same run.
 * - One render with music from a folder, ducked under the voice.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Engine } from '../main/core/engine.js';
import { measureLoudness } from '../main/core/media/loudness/measure.js';
import type { RenderManifest } from '../main/core/pipeline/types.js';
import { makeClip, tempDir } from '../main/testing/media-fixtures.js';
import type { BenchRow } from './table.js';

const run = promisify(execFile);

export async function benchSound(opts: { targets: number[]; size?: { width: number; height: number } }): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-sound-');
  const out = path.join(dir, 'out');
  const clip = await makeClip(path.join(dir, 'clip.mp4'), { width: 1920, height: 1080, seconds: 20, audio: true });
  const music = path.join(dir, 'music');
  await mkdir(music, { recursive: true });
  // A loud bed with a beat (mastered near −9 LUFS, like released music) and a quiet one: the level is measured, not assumed.
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=220:d=30,volume=6dB', '-f', 'lavfi', '-i', 'sine=f=55:d=30:samples_per_frame=4800', '-filter_complex', '[0][1]amix=inputs=2,volume=3dB', '-c:a', 'aac', path.join(music, 'bright-curious-loop.m4a')]);
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=440:d=30,volume=-25dB', '-c:a', 'aac', path.join(music, 'dark-drone.m4a')]);

  const engine = await Engine.open({ dataDir: path.join(dir, 'data'), provider: 'offline', ...(opts.size ? { defaults: { size: opts.size } } : {}) });
  const rows: BenchRow[] = [];
  const g = 'sound';
  const loudness = async (m: RenderManifest, label: string): Promise<void> => {
    const l = await measureLoudness(engine.ffmpeg.ffmpeg, { inputs: [{ source: m.outputs.mp4, options: [] }], filter: '[0:a]anull[out]' });
    rows.push({ group: g, name: `${label}: integrated loudness`, value: l.integratedLufs, unit: 'LUFS', target: '−14 ± 0.5', ok: Math.abs(l.integratedLufs + 14) <= 0.5 });
    rows.push({ group: g, name: `${label}: true peak`, value: l.truePeakDb, unit: 'dBTP', target: '≤ −1.0', ok: l.truePeakDb <= -1 });
  };
  const stageMs = (name: string): number => engine.perf.snapshot().stages.find((s) => s.name === name)?.p50Ms ?? 0;

  for (const seconds of opts.targets) {
    const req = await engine.resolve({ topic: 'Why do cats purr', duration: seconds, background: clip, voice: 'system:en-us' });
    const { manifest } = await engine.render(req, out);
    const err = (manifest.durationSec - seconds) / seconds;
    rows.push({ group: g, name: `${seconds} s target: video length`, value: manifest.durationSec, unit: 's' });
    rows.push({ group: g, name: `${seconds} s target: length error`, value: err * 100, unit: '%', target: '± 15', ok: Math.abs(err) <= 0.15 });
    await loudness(manifest, `${seconds} s video`);
  }

  const req = await engine.resolve({ topic: 'Why do cats purr', genre: 'facts', duration: 30, background: clip, music, musicVolume: 0.5 });
  const { manifest } = await engine.render(req, out);
  rows.push({ group: g, name: 'music from a folder: bed under the voice (music LUFS + gain)', value: (manifest.sound?.musicLufs ?? 0) + (manifest.sound?.musicGainDb ?? 0), unit: 'LUFS', target: '≤ −26 (voice ref −20)', ok: (manifest.sound?.musicLufs ?? 0) + (manifest.sound?.musicGainDb ?? 0) <= -26 });
  await loudness(manifest, '30 s video with music');

  // Per render: the sound step (measurements + solve; p50 over the renders) against the compile (p50).
  const sound = stageMs('sound');
  const compile = stageMs('compile');
  rows.push({ group: g, name: 'measuring the sound before the compile (p50)', value: sound, unit: 'ms' });
  rows.push({ group: g, name: 'compile: the one ffmpeg pass (p50)', value: compile, unit: 'ms' });
  rows.push({ group: g, name: 'measuring / compile', value: compile > 0 ? (sound / compile) * 100 : 0, unit: '%' });
  await engine.close();
  await rm(dir, { recursive: true, force: true });
  return rows;
}
