/**
 * A caption style and a title style are data: validated here, versioned, and hashed whole into
 * the captions and compile cache keys, so a style change re-renders and nothing else does.
 * Colours are `#RRGGBB` with a separate opacity (what a creator types); the ASS writer converts.
 * Sizes are relative to the frame so a 270x480 draft looks like the 1080x1920 final.
 */
import { z } from 'zod';
import { UserError } from '../../errors.js';

/** Bump when a field's meaning changes; files with another version are refused, not guessed at. */
export const STYLE_VERSION = 1;

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #FFD400');
const opacity = z.number().min(0).max(1);
/** Lower-case letters, digits and dashes: safe as a file name and a CLI argument. */
export const styleNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lower-case letters, digits or dashes, starting with a letter or digit');

export const fontSchema = z.object({
  /** A bundled font's family (assets/fonts) or any installed font's family (`fc-list : family`). */
  family: z.string().min(1).max(100).regex(/^[^,{}\\\n\r]+$/, 'must be a font family name without commas, braces or backslashes'),
  bold: z.boolean(),
  /** Text height as a percent of the frame height (a 1080x1920 frame: 5 → 96 px). */
  sizePercent: z.number().min(1.5).max(15),
}).strict();

export const strokeSchema = z.object({
  /** Outline width in pixels at 1920 px of frame height (scaled with the frame). 0 = none. */
  width: z.number().min(0).max(30),
  colour: hex,
}).strict();

export const shadowSchema = z.object({
  /** Drop-shadow offset in pixels at 1920 px of frame height. 0 = none. */
  depth: z.number().min(0).max(30),
  colour: hex,
  opacity,
}).strict();

export const boxSchema = z.object({
  colour: hex,
  opacity,
  /** Space around the text inside the box, pixels at 1920 px of frame height. */
  padding: z.number().min(0).max(80),
}).strict();

/** top/middle/bottom third, or where the text's centre sits as a percent of the height (0 = top). */
export const positionSchema = z.union([
  z.enum(['top', 'middle', 'bottom']),
  z.object({ heightPercent: z.number().min(0).max(100) }).strict(),
]);

const caseSchema = z.enum(['as-written', 'upper']);
const entranceSchema = z.enum(['none', 'pop', 'fade']);

/** Words per caption page, or characters per line × lines per page. */
export const captionLayoutSchema = z.union([
  z.object({ wordsPerCaption: z.number().int().min(1).max(7) }).strict(),
  z.object({ charsPerLine: z.number().int().min(6).max(42), lines: z.number().int().min(1).max(3) }).strict(),
]);

export const captionStyleSchema = z.object({
  version: z.literal(STYLE_VERSION),
  name: styleNameSchema,
  description: z.string().max(200),
  font: fontSchema,
  fill: hex,
  stroke: strokeSchema,
  shadow: shadowSchema,
  /** A box behind the whole caption, or null. */
  box: boxSchema.nullable(),
  case: caseSchema,
  layout: captionLayoutSchema,
  position: positionSchema,
  highlight: z.object({
    /** colour: the spoken word recoloured · scale: recoloured and enlarged · box: a box behind it · none. */
    mode: z.enum(['colour', 'scale', 'box', 'none']),
    colour: hex,
    /** The spoken word's size in `scale` mode, percent. */
    scalePercent: z.number().min(100).max(160),
    /** Text colour on the box in `box` mode. */
    textOnBox: hex,
  }).strict(),
  entrance: entranceSchema,
  /** Numbers, names and a caption's key word drawn in `colour` (the LLM's marked words when it gives them). */
  emphasis: z.object({ enabled: z.boolean(), colour: hex }).strict(),
  /** An emoji above a caption whose words have one (offline keyword table), drawn with a font libass can draw. */
  emoji: z.boolean(),
}).strict();
export type CaptionStyle = z.infer<typeof captionStyleSchema>;

export const titleStyleSchema = z.object({
  version: z.literal(STYLE_VERSION),
  name: styleNameSchema,
  description: z.string().max(200),
  font: fontSchema,
  fill: hex,
  stroke: strokeSchema,
  shadow: shadowSchema,
  box: boxSchema.nullable(),
  case: caseSchema,
  position: positionSchema,
  /** How long the hook title stays, seconds from the start. */
  durationSec: z.number().min(0.5).max(6),
  maxLines: z.number().int().min(1).max(4),
  entrance: entranceSchema,
}).strict();
export type TitleStyle = z.infer<typeof titleStyleSchema>;

/** zod issues → one line naming each field: `highlight.mode: expected one of …`. */
export function describeIssues(error: z.ZodError, max = 4): string {
  return error.issues
    .slice(0, max)
    .map((iss) => `${iss.path.length > 0 ? iss.path.join('.') : '(the style)'}: ${iss.message}`)
    .join('; ');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `over` laid onto `base`, objects merged key by key (arrays and scalars replaced). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/**
 * A style as a user wrote it (a file, the editor, a brand kit) → a validated style. `extends`
 * names a base whose fields the file overrides, so a file can be three lines. A different
 * `version` is refused: the fields may mean something else.
 */
export function parseStyleData<T>(
  data: unknown,
  schema: z.ZodType<T>,
  what: string,
  findBase: (name: string) => unknown | null,
  subject: string,
): T {
  if (!isPlainObject(data)) throw new UserError('input', `${what} must be a JSON object, e.g. {"version": 1, "name": "mine", "extends": "bold"}.`, subject);
  if (data.version !== STYLE_VERSION) {
    throw new UserError('input', `${what}: version must be ${STYLE_VERSION}, got ${JSON.stringify(data.version ?? null)}: add "version": ${STYLE_VERSION} (or update Reelforge for a newer file).`, subject);
  }
  let merged: unknown = data;
  if (data.extends !== undefined) {
    if (typeof data.extends !== 'string') throw new UserError('input', `${what}: extends must be the name of a style.`, subject);
    const base = findBase(data.extends);
    if (base === null) throw new UserError('input', `${what}: extends "${data.extends}", which is not a built-in style: run "reelforge styles list".`, subject);
    const rest: Record<string, unknown> = { ...data };
    delete rest.extends;
    merged = deepMerge(base, { description: '', ...rest });
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) throw new UserError('input', `${what}: ${describeIssues(parsed.error)}.`, subject);
  return parsed.data;
}
