import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bandDifference, grabGreyFrame, makeAudioOnly, makeClip, makeGarbage, makeTruncated, moovBeforeMdat, probeSummary, tempDir,
} from '../testing/media-fixtures.js';
import { runCli, runCliProcess } from './cli-harness.js';
import type { RenderManifest } from '../core/pipeline/types.js';

// Small frames keep the suite fast on two cores; one test renders the real 1080×1920.
const SMALL = ['--size', '180x320', '--draft', '--duration', '8'];

let dir: string;
let dataDir: string;
let clip169: string;

beforeAll(async () => {
  dir = await tempDir('reelforge-render-');
  dataDir = path.join(dir, 'data');
  clip169 = await makeClip(path.join(dir, 'wide.mp4'), { width: 320, height: 180, seconds: 3, audio: true });
});

async function manifestOf(outDir: string, slug: string): Promise<RenderManifest> {
  return JSON.parse(await readFile(path.join(outDir, `${slug}.json`), 'utf8')) as RenderManifest;
}

describe('reelforge render', () => {
  it('turns a topic into a 1080×1920 H.264/AAC short with +faststart, captions file and manifest', async () => {
    const out = path.join(dir, 'out-full');
    const res = await runCli(['render', '--topic', 'Why cats purr', '--duration', '5', '--draft', '--out', out, '--data-dir', dataDir]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toMatch(/reelforge:/);
    const mp4 = path.join(out, 'why-cats-purr.mp4');
    expect(existsSync(mp4)).toBe(true);
    expect(existsSync(path.join(out, 'why-cats-purr.srt'))).toBe(true);
    const p = await probeSummary(mp4);
    expect([p.width, p.height]).toEqual([1080, 1920]);
    expect(p.videoCodec).toBe('h264');
    expect(p.audioCodec).toBe('aac');
    expect(p.pixFmt).toBe('yuv420p');
    expect(Math.round(p.fps)).toBe(30);
    expect(await moovBeforeMdat(mp4)).toBe(true);
    const m = await manifestOf(out, 'why-cats-purr');
    expect(m.offlineDraft).toBe(true);
    expect(m.provider.id).toBe('offline');
    // A 5-second video is a hook and a line or two, about the topic.
    expect(m.script.lines.length).toBeGreaterThanOrEqual(1);
    expect([m.script.hook, ...m.script.lines].join(' ')).toMatch(/cats purr/i);
    expect(m.virality?.score).toBeGreaterThanOrEqual(0);
    expect(m.ideas?.searchTerms.length).toBeGreaterThan(0);
    expect(m.warnings).toEqual([]);
    // The video lasts as long as the voice plus the short tail.
    expect(Math.abs(p.durationSec - m.durationSec)).toBeLessThan(0.25);
    const srt = await readFile(path.join(out, 'why-cats-purr.srt'), 'utf8');
    expect(srt).toMatch(/^1\r?\n00:00:0\d,\d{3} --> /);
  });

  it('burns captions into the caption band and leaves the rest of the picture alone', async () => {
    const flat = await makeClip(path.join(dir, 'flat.mp4'), { width: 320, height: 180, seconds: 12, look: '0x3050a0' });
    const out = path.join(dir, 'out-band');
    // Without the hook title (on by default for topics), nothing but the captions touches the picture.
    const res = await runCli(['render', '--topic', 'Ocean tides', ...SMALL, '--no-hook-title', '--background', flat, '--out', out, '--data-dir', dataDir]);
    expect(res.code, res.stderr).toBe(0);
    const m = await manifestOf(out, 'ocean-tides');
    const srt = await readFile(path.join(out, 'ocean-tides.srt'), 'utf8');
    const firstEnd = /--> 00:00:(\d\d),(\d{3})/.exec(srt);
    expect(firstEnd).not.toBeNull();
    const t = 0.3; // inside the first caption
    const W = 180;
    const H = 320;
    const withCaptions = await grabGreyFrame(m.outputs.mp4, t, W, H);
    // The same background without captions: the source, cropped and scaled the same way.
    const plain = await grabGreyFrame(flat, t, W, H, `scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H}`);
    // The captions sit in the lower-middle safe area, around 62–76 % of the height.
    const band = bandDifference(withCaptions, plain, W, Math.floor(H * 0.62), Math.floor(H * 0.76));
    const top = bandDifference(withCaptions, plain, W, 0, Math.floor(H * 0.25));
    expect(band).toBeGreaterThan(top + 5);
    expect(top).toBeLessThan(6);
  });

  it('crops any clip shape to 9:16 without stretching and loops a short clip', async () => {
    const shapes = [
      { name: 'four-three.mp4', width: 320, height: 240 },
      { name: 'vertical.mp4', width: 180, height: 320 },
      { name: 'odd.mp4', width: 333, height: 187 },
    ];
    for (const s of shapes) {
      const clip = await makeClip(path.join(dir, s.name), { width: s.width, height: s.height, seconds: 2 });
      const out = path.join(dir, `out-${s.name}`);
      const res = await runCli(['render', '--topic', `Shapes ${s.name}`, ...SMALL, '--background', clip, '--out', out, '--data-dir', dataDir, '--json']);
      expect(res.code, res.stderr).toBe(0);
      const done = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as { type: string; outputs: { mp4: string } };
      expect(done.type).toBe('done');
      const p = await probeSummary(done.outputs.mp4);
      expect([p.width, p.height]).toEqual([180, 320]);
      expect(p.durationSec).toBeGreaterThan(3); // longer than the 2 s clip: it looped
    }
  });

  it('prints JSON progress lines ending in a done line', async () => {
    const out = path.join(dir, 'out-json');
    const res = await runCli(['render', '--topic', 'Bees dance', ...SMALL, '--background', clip169, '--out', out, '--data-dir', dataDir, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; overall?: number });
    expect(lines.at(-1)?.type).toBe('done');
    const overall = lines.filter((l) => l.type === 'progress').map((l) => l.overall ?? 0);
    expect(overall.length).toBeGreaterThan(3);
    for (let i = 1; i < overall.length; i++) expect(overall[i]).toBeGreaterThanOrEqual(overall[i - 1] ?? 0);
  });

  it('voices a script file literally, escaping caption override tags, with emoji, CJK and RTL text', async () => {
    const scriptFile = path.join(dir, 'script.txt');
    await writeFile(scriptFile, 'This is {\\fs200} literal. A back\\slash stays. Cats 🐱 purr. 猫は喉を鳴らす。 القطط تخرخر.\n');
    const out = path.join(dir, 'out-script');
    const res = await runCli(['render', '--script-file', scriptFile, ...SMALL, '--out', out, '--data-dir', dataDir, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const done = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as { outputs: { srt: string } };
    const srt = await readFile(done.outputs.srt, 'utf8');
    // The captions file carries no override tags (players would apply them); the words stay.
    expect(srt).not.toContain('{\\');
    expect(srt).toMatch(/literal\./);
    expect(srt).toContain('🐱');
  });

  it('handles file names with spaces, quotes, $(…), a leading dash and non-ASCII letters without a shell', async () => {
    const nasty = path.join(dir, `-my "clip" $(touch pwned) é.mp4`);
    await makeClip(nasty, { width: 320, height: 180, seconds: 2 });
    const out = path.join(dir, 'out nasty é');
    const res = await runCli(['render', '--topic', 'Odd names', ...SMALL, '--background', nasty, '--out', out, '--data-dir', dataDir]);
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(path.join(out, 'odd-names.mp4'))).toBe(true);
    expect(existsSync(path.join(process.cwd(), 'pwned'))).toBe(false);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });
});

describe('reelforge render: bad input ends with one clear line, the right exit code and no MP4', () => {
  async function expectFailure(args: string[], code: number, mention: RegExp, out: string): Promise<void> {
    const res = await runCli(['render', ...args, ...SMALL, '--out', out, '--data-dir', dataDir]);
    expect(res.code).toBe(code);
    // Stage lines may come first (progress on a non-terminal); the error is one final line.
    const errors = res.stderr.trim().split('\n').filter((l) => l.startsWith('reelforge:'));
    expect(errors).toHaveLength(1);
    expect(res.stderr.trim().split('\n').at(-1)).toMatch(mention);
    const files = existsSync(out) ? await readdir(out) : [];
    expect(files.filter((f) => f.endsWith('.mp4'))).toEqual([]);
  }

  it('a missing background', async () => {
    const missing = path.join(dir, 'nope.mp4');
    await expectFailure(['--topic', 'x', '--background', missing], 1, /nope\.mp4.*does not exist/, path.join(dir, 'bad1'));
  });
  it('a truncated background', async () => {
    const big = await makeClip(path.join(dir, 'big.mp4'), { width: 320, height: 180, seconds: 4 });
    const cut = await makeTruncated(big, path.join(dir, 'cut.mp4'));
    await expectFailure(['--topic', 'x', '--background', cut], 1, /cut\.mp4/, path.join(dir, 'bad2'));
  });
  it('an empty background', async () => {
    const empty = path.join(dir, 'empty.mp4');
    await writeFile(empty, '');
    await expectFailure(['--topic', 'x', '--background', empty], 1, /empty\.mp4.*empty/, path.join(dir, 'bad3'));
  });
  it('a file that is not a video', async () => {
    const junk = await makeGarbage(path.join(dir, 'junk.mp4'));
    await expectFailure(['--topic', 'x', '--background', junk], 1, /junk\.mp4/, path.join(dir, 'bad4'));
  });
  it('an audio-only file', async () => {
    const audio = await makeAudioOnly(path.join(dir, 'song.m4a'), 2);
    await expectFailure(['--topic', 'x', '--background', audio], 1, /song\.m4a.*no video/, path.join(dir, 'bad5'));
  });
  it('an empty topic', async () => {
    await expectFailure(['--topic', '  '], 2, /topic is empty/i, path.join(dir, 'bad6'));
  });
  it('a voice rate out of range', async () => {
    await expectFailure(['--topic', 'x', '--rate', '3'], 2, /--rate must be a number from 0\.5 to 2, got "3"/, path.join(dir, 'bad-rate'));
  });
  it('an unwritable --out', async () => {
    const locked = path.join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const target = path.join(locked, 'sub');
    const res = await runCli(['render', '--topic', 'x', ...SMALL, '--out', target, '--data-dir', dataDir]);
    await chmod(locked, 0o700);
    // root can write anywhere; then the folder is writable and the render succeeds
    if (process.getuid?.() === 0) {
      expect(res.code).toBe(0);
    } else {
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/sub.*output folder|output folder.*sub/);
    }
  });
  it('an output path that is a file, not a folder', async () => {
    const file = path.join(dir, 'iam-a-file');
    await writeFile(file, 'x');
    const res = await runCli(['render', '--topic', 'x', ...SMALL, '--out', file, '--data-dir', dataDir]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n').filter((l) => l.startsWith('reelforge:'))).toHaveLength(1);
    expect(res.stderr.trim().split('\n').at(-1)).toMatch(/iam-a-file/);
  });
  it('no voice engine installed', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent-bin', FFMPEG_PATH: await which('ffmpeg'), FFPROBE_PATH: await which('ffprobe') };
    const res = await runCliProcess(['render', '--topic', 'x', ...SMALL, '--out', path.join(dir, 'bad8'), '--data-dir', dataDir], env);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/espeak-ng/);
  });
  it('ffmpeg missing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent-bin' };
    delete env.FFMPEG_PATH;
    delete env.FFPROBE_PATH;
    const res = await runCliProcess(['render', '--topic', 'x', ...SMALL, '--out', path.join(dir, 'bad9'), '--data-dir', dataDir], env);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/ffmpeg was not found.*FFMPEG_PATH/);
  });
});

async function which(cmd: string): Promise<string> {
  for (const dirName of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dirName, cmd);
    if (existsSync(p)) return p;
  }
  throw new Error(`${cmd} not on PATH`);
}
