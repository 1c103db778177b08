import { UserError } from '../errors.js';
import type { FfmpegInput } from './ffmpeg-spec.js';

/**
 * Built-in animated backgrounds, drawn by ffmpeg's lavfi sources inside the compile pass: no
 * asset files, any resolution, any length. Each look renders at a fraction of the output size
 * (they are soft by design, so detail would be wasted) and is scaled up, which keeps a
 * 1080x1920 background nearly free next to the x264 encode. Every random source is seeded so
 * the same request gives the same bytes (the compile cache relies on it).
 */

export interface BuiltinBackground {
  /** What a request names: `builtin:NAME`. */
  id: string;
  name: string;
  description: string;
}

interface Look {
  description: string;
  /** Divisor from output size to the size the source draws at. */
  downscale: number;
  /** The source chain at the small size (sw×sh); scaling up and the pixel format are added after. */
  source: (sw: number, sh: number, fps: number, sec: number) => string;
}

const LOOKS: Record<string, Look> = {
  aurora: {
    description: 'slow drifting teal, violet and rose gradients',
    downscale: 4,
    // gradients picks random endpoints unless told: fixed endpoints and seed make it reproducible.
    source: (sw, sh, fps, sec) =>
      `gradients=s=${sw}x${sh}:r=${fps}:d=${sec}:seed=7:x0=0:y0=0:x1=${sw}:y1=${sh}:c0=0x0f2027:c1=0x2c5364:c2=0x7b2ff7:c3=0xf107a3:nb_colors=4:speed=0.006:type=linear,` +
      // the linear gradient can show a hard band edge while it turns: a wide blur hides it.
      `format=gbrp,gblur=sigma=${Math.max(2, Math.round(sw / 12))}`,
  },
  sunset: {
    description: 'a warm peach glow rising into plum',
    downscale: 4,
    source: (sw, sh, fps, sec) =>
      `gradients=s=${sw}x${sh}:r=${fps}:d=${sec}:seed=11:x0=${Math.round(sw / 2)}:y0=${Math.round(sh * 0.83)}:x1=${Math.round(sw / 2)}:y1=0:c0=0xffb88c:c1=0xff7e5f:c2=0x8e3a8a:c3=0x3a1c71:nb_colors=4:speed=0.004:type=radial`,
  },
  ocean: {
    description: 'deep blue light slowly sweeping down from the surface',
    downscale: 4,
    source: (sw, sh, fps, sec) =>
      `gradients=s=${sw}x${sh}:r=${fps}:d=${sec}:seed=3:x0=${Math.round(sw / 2)}:y0=0:x1=${Math.round(sw / 2)}:y1=${sh}:c0=0x1cb5e0:c1=0x0b5d8f:c2=0x053061:c3=0x000428:nb_colors=4:speed=0.006:type=radial`,
  },
  plasma: {
    description: 'soft violet, rose and blue plasma, slowly flowing',
    downscale: 16,
    // Sums of slow sines in relative coordinates (X/W, Y/H) so the look is the same at any size.
    // Each channel stays inside 0..255 (geq wraps instead of clipping). No commas: no escaping.
    source: (sw, sh, fps, sec) =>
      `color=c=black:s=${sw}x${sh}:r=${fps}:d=${sec},format=gbrp,geq=` +
      `r='95+55*sin(6.3*X/W+T*0.45)+35*sin(4*(X/W+Y/H)-T*0.3)':` +
      `g='70+35*sin(5*Y/H-T*0.35)+25*sin(7*sqrt((X/W-0.5)*(X/W-0.5)+(Y/H-0.6)*(Y/H-0.6))+T*0.25)':` +
      `b='150+55*sin(6*sqrt((X/W-0.2)*(X/W-0.2)+(Y/H-0.8)*(Y/H-0.8))-T*0.3)+35*sin(3*X/W+T*0.2)'`,
  },
  bloom: {
    description: 'soft pink and violet blobs growing and fading (a blurred Game of Life)',
    downscale: 48,
    // Life evolves 4 generations a second; tmix cross-fades the steps and the blur turns cells into glow.
    source: (sw, sh, fps, sec) =>
      `life=s=${sw}x${sh}:r=4:seed=5:ratio=0.2:mold=6:life_color=0xff8fc7:death_color=0x1a1033:mold_color=0x4b2a7a,` +
      `fps=${fps},tmix=frames=${Math.max(2, Math.round(fps / 4))},gblur=sigma=2,trim=duration=${sec}`,
  },
};

export const BUILTIN_BACKGROUND_NAMES = Object.keys(LOOKS);

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

export function listBuiltinBackgrounds(): BuiltinBackground[] {
  return Object.entries(LOOKS).map(([name, l]) => ({ id: `builtin:${name}`, name, description: l.description }));
}

/** The named look, or a usage error listing every `builtin:` name. */
export function getBuiltinBackground(name: string): BuiltinBackground {
  const look = Object.hasOwn(LOOKS, name) ? LOOKS[name] : undefined;
  if (!look) {
    throw new UserError('usage', `Unknown built-in background "${name}": use one of ${BUILTIN_BACKGROUND_NAMES.map((n) => `builtin:${n}`).join(', ')}.`, 'background');
  }
  return { id: `builtin:${name}`, name, description: look.description };
}

/**
 * A lavfi input that draws the look at exactly width×height, fps, for durationSec (rounded up
 * to the next 10 ms so the video is never a frame short), already yuv420p with square pixels.
 */
export function builtinInput(name: string, width: number, height: number, fps: number, durationSec: number): FfmpegInput {
  getBuiltinBackground(name);
  const look = LOOKS[name] as Look;
  const sec = Math.ceil(durationSec * 100) / 100;
  const sw = even(width / look.downscale);
  const sh = even(height / look.downscale);
  const graph = `${look.source(sw, sh, fps, sec)},scale=${width}:${height}:flags=bicubic,setsar=1,format=yuv420p`;
  return { source: graph, options: ['-f', 'lavfi'] };
}
