/**
 * Frame checks on real renders: libass draws what the layout promised. Captions are drawn on a
 * black picture and read back as RGB pixels: where the caption band sits for each preset and
 * position, that the spoken word carries the highlight colour, that the hook title is there in
 * the first second (and gone after), that the logo's pixels are in their corner, that an RTL
 * caption highlights its first word on the right, and that a long word stays in the safe zone.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { tempDir } from '../../../testing/media-fixtures.js';
import type { PresetName } from '../../pipeline/types.js';
import { buildCompileSpec } from '../compile/compile-graph.js';
import { placeLogo } from '../compile/overlays.js';
import { specToArgs } from '../ffmpeg-spec.js';
import { fontsDir } from '../fonts.js';
import { resolvePreset } from '../presets.js';
import { getCaptionStyle, getTitleStyle } from './builtin-styles.js';
import { parseFont } from './font-metrics.js';
import type { SpokenChunk, SpokenWord } from './pages.js';
import { safeRect } from './safe-zones.js';
import type { CaptionStyle } from './style-schema.js';
import { fontMeasure } from './text-width.js';
import { buildCaptionTrack, type CaptionTrackInput } from './track.js';

const run = promisify(execFile);
const noto = { family: 'Noto Sans', measure: fontMeasure(parseFont(readFileSync(path.join(fontsDir(), 'NotoSans-Bold.ttf')))) };
let dir = '';
beforeAll(async () => {
  dir = await tempDir('rf-caption-frames-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Words 500 ms each from `startMs`, one chunk per sentence, 200 ms apart. */
function voice(sentences: string[][], startMs = 0): { words: SpokenWord[]; chunks: SpokenChunk[]; endMs: number } {
  const words: SpokenWord[] = [];
  const chunks: SpokenChunk[] = [];
  let t = startMs;
  sentences.forEach((ws, i) => {
    const start = t;
    for (const w of ws) {
      words.push({ text: w, startMs: t, endMs: t + 500, chunk: i });
      t += 500;
    }
    chunks.push({ text: ws.join(' '), sentence: i, startMs: start, endMs: t });
    t += 200;
  });
  return { words, chunks, endMs: t };
}

function ass(sentences: string[][], style: CaptionStyle, preset: PresetName, size: { width: number; height: number }, extra: Partial<CaptionTrackInput> = {}, startMs = 0): string {
  const v = voice(sentences, startMs);
  return buildCaptionTrack({
    words: v.words, chunks: v.chunks, style, font: noto, title: null, endCard: null, keywords: null, emojiDrawable: false,
    preset, size, videoMs: v.endMs + 600, ...extra,
  }).ass;
}

interface Frame {
  width: number;
  height: number;
  rgb: Buffer;
}

/** One RGB frame of a video at `atSec`. */
async function frame(video: string, size: { width: number; height: number }, atSec: number): Promise<Frame> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-ss', String(atSec), '-i', video, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return { ...size, rgb: stdout };
}

/** Frames at several moments of captions burned onto black, from one ffmpeg run. */
async function frames(assText: string, size: { width: number; height: number }, atSec: number[]): Promise<Frame[]> {
  const file = path.join(dir, `m-${Math.random().toString(36).slice(2)}.ass`);
  writeFileSync(file, assText);
  const picks = atSec.map((t) => `eq(n\\,${Math.round(t * 30)})`).join('+');
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `color=c=black:s=${size.width}x${size.height}:r=30:d=${Math.max(...atSec) + 0.5}`,
    '-vf', `ass=filename=${file}:fontsdir=${fontsDir()},select=${picks}`, '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  const bytes = size.width * size.height * 3;
  expect(stdout.length).toBe(bytes * atSec.length);
  return atSec.map((_, i) => ({ ...size, rgb: stdout.subarray(i * bytes, (i + 1) * bytes) }));
}

/** Several documents' events in one, the k-th shifted to start at k seconds (their headers agree but for alignment, which every event sets itself). */
function oneDocument(docs: string[]): string {
  const [head] = (docs[0] ?? '').split('[Events]');
  const events = docs.flatMap((d) => d.split('\n').filter((l) => l.startsWith('Dialogue:')));
  return `${head}[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n${events.join('\n')}\n`;
}

type Kind = 'bright' | 'lit' | 'yellow' | 'red';
function is(kind: Kind, r: number, g: number, b: number): boolean {
  if (kind === 'bright') return r > 150 && g > 150 && b > 150;
  if (kind === 'lit') return Math.max(r, g, b) > 150;
  if (kind === 'yellow') return r > 170 && g > 150 && b < 100;
  return r > 170 && g < 90 && b < 90;
}

/** Bounding box and count of pixels of a kind, optionally inside a region. */
function find(f: Frame, kind: Kind, region = { x0: 0, y0: 0, x1: f.width, y1: f.height }): { n: number; x0: number; y0: number; x1: number; y1: number; cx: number } {
  let n = 0;
  let sx = 0;
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let y = region.y0; y < region.y1; y++) {
    for (let x = region.x0; x < region.x1; x++) {
      const i = (y * f.width + x) * 3;
      if (!is(kind, f.rgb[i]!, f.rgb[i + 1]!, f.rgb[i + 2]!)) continue;
      n++;
      sx += x;
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x);
      box.y1 = Math.max(box.y1, y);
    }
  }
  return { n, ...box, cx: n > 0 ? sx / n : NaN };
}

const SIZES: Record<PresetName, { width: number; height: number }> = {
  tiktok: { width: 270, height: 480 }, shorts: { width: 270, height: 480 }, reels: { width: 270, height: 480 },
  square: { width: 270, height: 270 }, landscape: { width: 480, height: 270 },
};

describe('caption band position', () => {
  it('sits inside the safe zone for every preset and position, top above middle above bottom', async () => {
    const plain = { ...getCaptionStyle('bold'), highlight: { ...getCaptionStyle('bold').highlight, mode: 'none' as const } };
    for (const preset of Object.keys(SIZES) as PresetName[]) {
      const size = SIZES[preset];
      const rect = safeRect(preset, size);
      const centres: number[] = [];
      const positions = ['top', 'middle', 'bottom', { heightPercent: 95 }] as const;
      // One page per position, the k-th from k seconds (each page lasts 2.4 s: read at k + 0.2 s).
      const doc = oneDocument(positions.map((position, k) => ass([['Why', 'do', 'cats', 'purr?']], { ...plain, position }, preset, size, {}, k * 3000)));
      const shots = await frames(doc, size, positions.map((_, k) => k * 3 + 0.2));
      for (const [k, position] of positions.entries()) {
        const band = find(shots[k]!, 'bright');
        expect(band.n, `${preset} ${JSON.stringify(position)}`).toBeGreaterThan(50);
        // Outline and antialiasing spill a pixel or two beyond the glyphs.
        expect(band.x0).toBeGreaterThanOrEqual(rect.x0 - 2);
        expect(band.x1).toBeLessThanOrEqual(rect.x1 + 2);
        expect(band.y0).toBeGreaterThanOrEqual(rect.y0 - 2);
        expect(band.y1).toBeLessThanOrEqual(rect.y1 + 2);
        centres.push((band.y0 + band.y1) / 2);
      }
      expect(centres[0]!).toBeLessThan(centres[1]!);
      expect(centres[1]!).toBeLessThan(centres[2]!);
    }
  });

  it('a word too long for the frame shrinks and stays inside the safe zone', async () => {
    const size = SIZES.tiktok;
    const rect = safeRect('tiktok', size);
    const [f] = await frames(ass([['Pneumonoultramicroscopicsilicovolcanoconiosis']], getCaptionStyle('pop'), 'tiktok', size), size, [0.2]);
    const band = find(f!, 'lit');
    expect(band.n).toBeGreaterThan(50);
    expect(band.x0).toBeGreaterThanOrEqual(rect.x0 - 2);
    expect(band.x1).toBeLessThanOrEqual(rect.x1 + 2);
  });
});

describe('highlight', () => {
  it('the spoken word carries the highlight colour: left word first, right word last', async () => {
    const size = SIZES.shorts;
    const [a, b] = await frames(ass([['Left', 'mid', 'Right']], getCaptionStyle('bold'), 'shorts', size), size, [0.25, 1.25]);
    const first = find(a!, 'yellow');
    const last = find(b!, 'yellow');
    expect(first.n).toBeGreaterThan(20);
    expect(last.n).toBeGreaterThan(20);
    expect(first.cx).toBeLessThan(size.width / 2);
    expect(last.cx).toBeGreaterThan(size.width / 2);
  });

  it('right-to-left: the first spoken word is highlighted on the right, where it is read first', async () => {
    const size = SIZES.shorts;
    const [a, b] = await frames(ass([['שלום', 'עולם', 'יפה']], getCaptionStyle('bold'), 'shorts', size), size, [0.25, 1.25]);
    const first = find(a!, 'yellow');
    const last = find(b!, 'yellow');
    expect(first.n).toBeGreaterThan(20);
    expect(first.cx).toBeGreaterThan(size.width / 2);
    expect(last.cx).toBeLessThan(size.width / 2);
  });
});

describe('one compile pass: captions, hook title and logo', () => {
  it('draws the title in the first second only, the captions at the bottom, the logo in its corner', async () => {
    const preset = resolvePreset('tiktok', SIZES.tiktok, 'draft');
    const size = SIZES.tiktok;
    const v = voice([['Why', 'do', 'cats', 'purr?'], ['Nobody', 'knows', 'why.']]);
    const totalSec = (v.endMs + 600) / 1000;
    const assPath = path.join(dir, 'full.ass');
    writeFileSync(assPath, buildCaptionTrack({
      words: v.words, chunks: v.chunks, style: getCaptionStyle('bold'), font: noto,
      title: { text: 'The purr nobody explains', style: getTitleStyle('headline'), font: noto },
      endCard: null, keywords: null, emojiDrawable: false, preset: 'tiktok', size, videoMs: totalSec * 1000,
    }).ass);
    const black = path.join(dir, 'black.mp4');
    const wav = path.join(dir, 'voice.wav');
    const logo = path.join(dir, 'logo.png');
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=black:s=${size.width}x${size.height}:r=30:d=${totalSec + 1}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', black]);
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=f=300:r=24000:d=${v.endMs / 1000}`, '-ac', '1', '-c:a', 'pcm_s16le', wav]);
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=120x60,format=rgba', '-frames:v', '1', logo]);
    const box = placeLogo({ corner: 'top-right', sizePercent: 20 }, { width: 120, height: 60 }, 'tiktok', size);
    const out = path.join(dir, 'full.mp4');
    const spec = buildCompileSpec({
      shots: [{ source: { kind: 'file', path: black, startSec: 0, loop: false }, durationSec: totalSec }],
      audio: { voiceWav: wav, voiceGainDb: 0, master: { gainDb: 0, limitDb: -2 }, totalSec }, overlays: { assPath, fontsDir: fontsDir(), logo: { path: logo, opacity: 1, ...box } },
      preset, outPath: out, totalSec,
    });
    await run('ffmpeg', specToArgs(spec, ['-v', 'error']), { maxBuffer: 16 * 1024 * 1024 });

    const early = await frame(out, size, 0.6);
    const late = await frame(out, size, 3.0);
    const rect = safeRect('tiktok', size);
    const topThird = { x0: 0, y0: 0, x1: size.width, y1: Math.round(size.height / 3) };
    const lowerHalf = { x0: 0, y0: Math.round(size.height / 2), x1: size.width, y1: size.height };
    // The hook title: bright text in the top third while it shows, none once it has gone.
    expect(find(early, 'bright', topThird).n).toBeGreaterThan(100);
    expect(find(late, 'bright', topThird).n).toBeLessThan(10);
    // Captions in the lower half, inside the safe zone, the spoken word yellow.
    const captions = find(early, 'bright', lowerHalf);
    expect(captions.n).toBeGreaterThan(50);
    expect(captions.y1).toBeLessThanOrEqual(rect.y1 + 2);
    expect(find(early, 'yellow', lowerHalf).n).toBeGreaterThan(10);
    // The logo: red in its corner box, nowhere else.
    const logoPixels = find(late, 'red');
    expect(logoPixels.n).toBeGreaterThan(box.width * box.height * 0.8);
    expect(logoPixels.x0).toBeGreaterThanOrEqual(box.x - 1);
    expect(logoPixels.x1).toBeLessThanOrEqual(box.x + box.width);
    expect(logoPixels.y0).toBeGreaterThanOrEqual(box.y - 1);
    expect(logoPixels.y1).toBeLessThanOrEqual(box.y + box.height);
    expect(box.x + box.width).toBeLessThanOrEqual(rect.x1 + 1); // clear of the button column
  });
});
