/**
 * A video's look, resolved before it renders: the caption style, the hook title's style (or
 * none), the end card and the logo — all plain data, hashed into the cache keys of the stages
 * they change (captions, compile), never into the voice's: restyling a batch never re-voices it.
 */
import { DEFAULT_TITLE_STYLE, getCaptionStyle } from '../media/captions/builtin-styles.js';
import type { CaptionStyle, TitleStyle } from '../media/captions/style-schema.js';
import type { JobSpec } from '../pipeline/types.js';
import type { BrandKit, EndCard, LogoPlacement } from './brand-schema.js';
import { checkLogo, musicTracks, type LookLibrary } from './library.js';

export interface Look {
  /** The brand kit it came from, for the manifest and the job's view. */
  brand: string | null;
  caption: CaptionStyle;
  /** The hook title's style; null when the hook title is off. */
  title: TitleStyle | null;
  endCard: EndCard | null;
  logo: LogoPlacement | null;
}

/** The look of a request made without one (tests, old callers): the named built-in style, nothing else. */
export function plainLook(captionStyle: string): Look {
  return { brand: null, caption: getCaptionStyle(captionStyle), title: null, endCard: null, logo: null };
}

/**
 * A job's brand fills what the job leaves open: voice, preset, caption style, and a track from
 * its music folder (chosen by the job's seed, so a re-render keeps its music). What the job
 * says wins.
 */
export async function applyBrand(spec: JobSpec, library: LookLibrary): Promise<{ spec: JobSpec; brand: BrandKit | null }> {
  if (spec.brand === undefined || spec.brand.trim() === '') return { spec, brand: null };
  const brand = await library.brand(spec.brand.trim());
  const out: JobSpec = { ...spec };
  if (out.voice === undefined && brand.voice !== undefined) out.voice = brand.voice;
  if (out.preset === undefined && brand.preset !== undefined) out.preset = brand.preset;
  if (out.captionStyle === undefined && brand.captionStyle !== undefined) out.captionStyle = brand.captionStyle;
  if (out.titleStyle === undefined && brand.titleStyle !== undefined) out.titleStyle = brand.titleStyle;
  if (out.hookTitle === undefined && brand.hookTitle !== undefined) out.hookTitle = brand.hookTitle;
  if (out.music === undefined && brand.musicFolder !== undefined) {
    const tracks = await musicTracks(brand.musicFolder);
    out.music = tracks[Math.abs(Math.floor(spec.seed ?? 1)) % tracks.length] as string;
  }
  return { spec: out, brand };
}

/**
 * The look for a job (brand already applied). The hook title is on by default for videos
 * written from a topic (the script's hook is made to be one) and off for scripts given as is.
 */
export async function resolveLook(spec: JobSpec, brand: BrandKit | null, library: LookLibrary, defaultCaptionStyle: string): Promise<Look> {
  const caption = await library.captionStyle(spec.captionStyle ?? defaultCaptionStyle);
  const hookTitle = spec.hookTitle ?? (spec.topic !== undefined && spec.topic.trim() !== '' && (spec.script === undefined || spec.script.trim() === ''));
  const title = hookTitle ? await library.titleStyle(spec.titleStyle ?? DEFAULT_TITLE_STYLE) : null;
  if (brand?.logo) await checkLogo(brand.logo.path);
  return { brand: brand?.name ?? null, caption, title, endCard: brand?.endCard ?? null, logo: brand?.logo ?? null };
}
