/**
 * A brand kit: a named bundle of a look and defaults — caption style, title style, logo, end
 * card, music folder, voice, preset — chosen per job or batch (`--brand NAME`, a `brand` column).
 * Versioned and validated like a style; paths are absolute (made so when the kit is added).
 */
import { z } from 'zod';
import { STYLE_VERSION, styleNameSchema } from '../media/captions/style-schema.js';

export const LOGO_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type LogoCorner = (typeof LOGO_CORNERS)[number];

export const logoSchema = z.object({
  /** A PNG (transparency kept). */
  path: z.string().min(1).max(4096),
  corner: z.enum(LOGO_CORNERS),
  /** Width as a percent of the frame width. */
  sizePercent: z.number().min(4).max(40),
  opacity: z.number().min(0.05).max(1),
}).strict();
export type LogoPlacement = z.infer<typeof logoSchema>;

export const endCardSchema = z.object({
  text: z.string().max(80),
  handle: z.string().max(40),
}).strict();
export type EndCard = z.infer<typeof endCardSchema>;

export const brandKitSchema = z.object({
  version: z.literal(STYLE_VERSION),
  name: styleNameSchema,
  description: z.string().max(200).optional(),
  /** A caption style's name (built-in or added with `reelforge styles add`). */
  captionStyle: styleNameSchema.optional(),
  titleStyle: styleNameSchema.optional(),
  /** The hook title on or off for this brand's videos (default: on for topics, off for scripts). */
  hookTitle: z.boolean().optional(),
  logo: logoSchema.optional(),
  endCard: endCardSchema.optional(),
  /** A folder of the creator's tracks; each video takes one (by its seed). */
  musicFolder: z.string().min(1).max(4096).optional(),
  voice: z.string().max(200).optional(),
  preset: z.enum(['shorts', 'tiktok', 'reels', 'square', 'landscape']).optional(),
}).strict();
export type BrandKit = z.infer<typeof brandKitSchema>;
