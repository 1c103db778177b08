/**
 * The style editor's live still: ONE frame of the real pipeline at a chosen moment — the same
 * caption layout, the same ASS, the same picture and overlay parts of the compile graph — at a
 * small size, as a JPEG. Sample words get estimated timings (no voice is synthesised), the
 * source is seeked on its input and re-timed to the moment, so a frame costs one short ffmpeg
 * run (well under half a second on an idle machine).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { FfmpegSpec } from '../media/ffmpeg-spec.js';
import { specToArgs } from '../media/ffmpeg-spec.js';
import { sec } from '../media/compile/graph-part.js';
import { buildOverlays, placeLogo, type LogoOverlay } from '../media/compile/overlays.js';
import { buildVideoTrack, type ShotSource } from '../media/compile/video-track.js';
import { emojiFontAvailable, resolveFont } from '../media/captions/font-lookup.js';
import { chunkScript } from '../media/captions/chunk.js';
import type { CaptionStyle, TitleStyle } from '../media/captions/style-schema.js';
import { fontMeasure } from '../media/captions/text-width.js';
import { trackWords } from '../media/captions/timing.js';
import { buildCaptionTrack } from '../media/captions/track.js';
import { resolvePreset, type ResolvedPreset } from '../media/presets.js';
import type { PresetName } from '../pipeline/types.js';
import type { EndCard, LogoPlacement } from './brand-schema.js';
import { pngSize } from './library.js';

const run = promisify(execFile);

export interface PreviewRequest {
  style: CaptionStyle;
  /** The hook title's style and text, or null for none. */
  title: { style: TitleStyle; text: string } | null;
  endCard: EndCard | null;
  logo: LogoPlacement | null;
  preset: PresetName;
  /** Sample narration: what the captions say. */
  text: string;
  /** The moment to show, seconds from the start. */
  atSec: number;
  /** `builtin:NAME` or a clip the user chose. */
  background: string;
  /** Width of the still (the height follows the preset's shape). */
  width: number;
}

/** Roughly how fast a voice reads: 2.6 words a second, a short breath between chunks. */
const MS_PER_WORD = 385;
const GAP_MS = 120;

/** Sample text → a voice-like track (estimated timings, like an engine without word events). */
export function sampleTrack(text: string): { words: ReturnType<typeof trackWords>; chunks: { text: string; sentence: number; startMs: number; endMs: number }[]; endMs: number } {
  const chunks = chunkScript([text]);
  let t = 0;
  const spans = chunks.map((c) => {
    const span = { startMs: t, endMs: t + Math.max(1, c.words.length) * MS_PER_WORD };
    t = span.endMs + GAP_MS;
    return span;
  });
  return {
    words: trackWords(chunks.map((c) => c.text), spans),
    chunks: chunks.map((c, i) => ({ text: c.text, sentence: c.sentence, ...(spans[i] as { startMs: number; endMs: number }) })),
    endMs: Math.max(0, t - GAP_MS),
  };
}

/** The still's frame size: the preset's shape at `width` pixels wide, even numbers. */
export function previewPreset(preset: PresetName, width: number): ResolvedPreset {
  const base = resolvePreset(preset, undefined, 'draft');
  const w = Math.max(16, Math.round(width / 2) * 2);
  const h = Math.max(16, Math.round((w * base.height) / base.width / 2) * 2);
  return resolvePreset(preset, { width: w, height: h }, 'draft');
}

/**
 * The ffmpeg spec for one still: the compile graph's picture and overlay parts, the picture
 * re-timed (setpts) so libass draws the captions of `atSec`, one frame out as JPEG.
 */
export function buildPreviewSpec(p: { source: ShotSource; preset: ResolvedPreset; atSec: number; assPath: string; fontsDir: string; logo?: LogoOverlay; outJpg: string }): FfmpegSpec {
  const video = buildVideoTrack([{ source: p.source, durationSec: 1 }], p.preset, 0);
  const overlays = buildOverlays({ assPath: p.assPath, fontsDir: p.fontsDir, ...(p.logo ? { logo: p.logo } : {}) }, 'at', video.inputs.length);
  return {
    inputs: [...video.inputs, ...overlays.inputs],
    filterComplex: `${video.filter};[${video.out}]setpts=PTS-STARTPTS+${sec(p.atSec)}/TB[at];${overlays.filter}`,
    outputs: [{ path: p.outJpg, options: ['-map', `[${overlays.out}]`, '-frames:v', '1', '-q:v', '3', '-f', 'image2', '-update', '1'] }],
    durationSec: 0.1,
  };
}

/** Render the still to `outJpg`; returns how long it took. */
export async function renderPreview(req: PreviewRequest, deps: { ffmpeg: string; fontsDir: string; assPath: string; outJpg: string }): Promise<{ ms: number }> {
  const started = performance.now();
  const preset = previewPreset(req.preset, req.width);
  const size = { width: preset.width, height: preset.height };
  const sample = sampleTrack(req.text);
  const videoMs = sample.endMs + 600;
  const measured = async (f: { family: string; bold: boolean }): Promise<{ family: string; measure: ReturnType<typeof fontMeasure> }> => {
    const r = await resolveFont(f.family, f.bold, deps.fontsDir);
    return { family: r.family, measure: fontMeasure(r.metrics) };
  };
  const cardStyle = req.endCard ? (req.title?.style ?? null) : null;
  const track = buildCaptionTrack({
    words: sample.words, chunks: sample.chunks, style: req.style, font: await measured(req.style.font),
    title: req.title ? { text: req.title.text, style: req.title.style, font: await measured(req.title.style.font) } : null,
    endCard: req.endCard && cardStyle ? { ...req.endCard, style: cardStyle, font: await measured(cardStyle.font) } : null,
    keywords: null, emojiDrawable: req.style.emoji ? await emojiFontAvailable() : false, preset: req.preset, size, videoMs,
  });
  await writeFile(deps.assPath, track.ass, 'utf8');
  const source: ShotSource = req.background.startsWith('builtin:')
    ? { kind: 'builtin', name: req.background.slice('builtin:'.length) }
    : { kind: 'file', path: req.background, startSec: req.atSec, loop: false };
  const logo = req.logo ? { path: req.logo.path, opacity: req.logo.opacity, ...placeLogo(req.logo, await pngSize(req.logo.path), req.preset, size) } : undefined;
  const spec = buildPreviewSpec({ source, preset, atSec: req.atSec, assPath: deps.assPath, fontsDir: deps.fontsDir, ...(logo ? { logo } : {}), outJpg: deps.outJpg });
  await run(deps.ffmpeg, specToArgs(spec, ['-v', 'error']), { timeout: 20_000 });
  return { ms: performance.now() - started };
}
