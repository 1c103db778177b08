/**
 * The creator's own caption styles, title styles and brand kits: validated JSON files in the
 * data folder (`<data>/looks/{styles,titles,brands}/NAME.json`), beside the built-ins. Files,
 * not rows, so a look can be shared, versioned in git or edited by hand; every read validates,
 * and a bad file is reported by name and skipped, never guessed at.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { builtinCaptionStyles, builtinTitleStyles, findBuiltinCaptionStyle, findBuiltinTitleStyle } from '../media/captions/builtin-styles.js';
import type * as StyleSchema from '../media/captions/style-schema.js';
import type { CaptionStyle, TitleStyle } from '../media/captions/style-schema.js';
import { writeFileAtomic } from '../pipeline/outputs.js';
import type * as BrandSchema from './brand-schema.js';
import type { BrandKit } from './brand-schema.js';

export type LookKind = 'styles' | 'titles' | 'brands';

export interface LibraryProblem {
  file: string;
  message: string;
}

export interface Listed<T> {
  items: (T & { builtin: boolean })[];
  /** Files in the folder that could not be read or are invalid. */
  problems: LibraryProblem[];
}

const AUDIO = /\.(mp3|m4a|aac|wav|flac|ogg|opus)$/i;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The schemas (zod) load with the first saved look read or written: built-in looks never need them. */
async function schemas(): Promise<typeof StyleSchema & typeof BrandSchema> {
  const [style, brand] = await Promise.all([import('../media/captions/style-schema.js'), import('./brand-schema.js')]);
  return { ...style, ...brand };
}

export function looksDir(dataDir: string): string {
  return path.join(dataDir, 'looks');
}

/** Audio files in a music folder, sorted (a video picks one by its seed). */
export async function musicTracks(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    throw new UserError('input', `The music folder ${folder} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the brand's musicFolder.`, folder);
  }
  const tracks = names.filter((n) => AUDIO.test(n)).sort().map((n) => path.join(folder, n));
  if (tracks.length === 0) throw new UserError('input', `The music folder ${folder} has no audio files (.mp3, .m4a, .wav, .flac, .ogg, .opus): add tracks or remove musicFolder from the brand.`, folder);
  return tracks;
}

/** A logo must be a PNG (transparency is the point of a logo) that exists and is not empty. */
export async function checkLogo(file: string): Promise<void> {
  let head: Buffer;
  try {
    const st = await stat(file);
    if (!st.isFile() || st.size === 0) throw new Error('empty');
    head = (await readFile(file)).subarray(0, 8);
  } catch {
    throw new UserError('input', `The logo ${file} does not exist or is empty: give the brand a PNG file.`, file);
  }
  if (!head.equals(PNG_MAGIC)) throw new UserError('input', `The logo ${file} is not a PNG: export it as PNG (with transparency) and add the brand again.`, file);
}

/** A PNG's pixel size, from its IHDR chunk. */
export async function pngSize(file: string): Promise<{ width: number; height: number }> {
  await checkLogo(file);
  const head = (await readFile(file)).subarray(0, 24);
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

export class LookLibrary {
  constructor(readonly dataDir: string) {}

  private folder(kind: LookKind): string {
    return path.join(looksDir(this.dataDir), kind);
  }

  private async readAll<T>(kind: LookKind, parse: (data: unknown, file: string) => Promise<T>): Promise<{ items: T[]; problems: LibraryProblem[] }> {
    const dir = this.folder(kind);
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const items: T[] = [];
    const problems: LibraryProblem[] = [];
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        items.push(await parse(JSON.parse(await readFile(file, 'utf8')), file));
      } catch (err) {
        problems.push({ file, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return { items, problems };
  }

  private parseCaption = async (data: unknown, file: string): Promise<CaptionStyle> => {
    const { parseStyleData, captionStyleSchema } = await schemas();
    return parseStyleData(data, captionStyleSchema, `Caption style ${file}`, findBuiltinCaptionStyle, file);
  };

  private parseTitle = async (data: unknown, file: string): Promise<TitleStyle> => {
    const { parseStyleData, titleStyleSchema } = await schemas();
    return parseStyleData(data, titleStyleSchema, `Title style ${file}`, findBuiltinTitleStyle, file);
  };

  private parseBrand = async (data: unknown, file: string): Promise<BrandKit> => {
    const parsed = (await schemas()).brandKitSchema.safeParse(data);
    if (!parsed.success) throw new UserError('input', `Brand kit ${file}: ${parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(the kit)'}: ${i.message}`).join('; ')}.`, file);
    return parsed.data;
  };

  async captionStyles(): Promise<Listed<CaptionStyle>> {
    const own = await this.readAll('styles', this.parseCaption);
    return { items: [...builtinCaptionStyles().map((s) => ({ ...s, builtin: true })), ...own.items.map((s) => ({ ...s, builtin: false }))], problems: own.problems };
  }

  /** A default caption style must exist: a setting naming none would fail every later job, queued ones too. */
  async assertCaptionStyle(name: string): Promise<void> {
    const { items } = await this.captionStyles();
    if (items.some((s) => s.name === name)) return;
    throw new UserError('usage', `Invalid setting captionStyle: unknown caption style "${name.slice(0, 50)}": choose one of ${items.map((s) => s.name).join(', ')}.`, 'captionStyle');
  }

  async titleStyles(): Promise<Listed<TitleStyle>> {
    const own = await this.readAll('titles', this.parseTitle);
    return { items: [...builtinTitleStyles().map((s) => ({ ...s, builtin: true })), ...own.items.map((s) => ({ ...s, builtin: false }))], problems: own.problems };
  }

  async brands(): Promise<Listed<BrandKit>> {
    const own = await this.readAll('brands', this.parseBrand);
    return { items: own.items.map((b) => ({ ...b, builtin: false })), problems: own.problems };
  }

  /** A saved item by name; its file's problem when it is invalid; null when there is none. */
  private async readOne<T>(kind: LookKind, name: string, parse: (data: unknown, file: string) => Promise<T>): Promise<T | null> {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) return null;
    const file = path.join(this.folder(kind), `${name}.json`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new UserError('io', `Cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, file);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UserError('input', `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}): fix it or add it again.`, file);
    }
    return parse(data, file);
  }

  /** A caption style by name (built-in or saved) or from a FILE.json path. */
  async captionStyle(ref: string): Promise<CaptionStyle> {
    if (ref.endsWith('.json')) return this.parseCaption(await readJsonFile(ref, 'caption style'), path.resolve(ref));
    const found = findBuiltinCaptionStyle(ref) ?? await this.readOne('styles', ref, this.parseCaption);
    if (!found) throw new UserError('usage', `Unknown caption style "${ref}": run "reelforge styles list", or pass a style file (FILE.json).`, 'caption-style');
    return found;
  }

  async titleStyle(ref: string): Promise<TitleStyle> {
    if (ref.endsWith('.json')) return this.parseTitle(await readJsonFile(ref, 'title style'), path.resolve(ref));
    const found = findBuiltinTitleStyle(ref) ?? await this.readOne('titles', ref, this.parseTitle);
    if (!found) throw new UserError('usage', `Unknown title style "${ref}": run "reelforge styles list".`, 'title-style');
    return found;
  }

  async brand(name: string): Promise<BrandKit> {
    const found = await this.readOne('brands', name, this.parseBrand);
    if (!found) {
      const names = (await this.brands()).items.map((b) => b.name);
      throw new UserError('usage', `Unknown brand "${name}": ${names.length > 0 ? `use one of ${names.join(', ')}` : 'add one with "reelforge brands add FILE.json"'}.`, 'brand');
    }
    return found;
  }

  /** Save a caption or title style (validated; built-in names are taken). Returns the saved style. */
  async saveStyle(kind: 'styles' | 'titles', data: unknown, source: string, check?: (style: CaptionStyle | TitleStyle) => Promise<void>): Promise<CaptionStyle | TitleStyle> {
    const style = kind === 'styles' ? await this.parseCaption(data, source) : await this.parseTitle(data, source);
    const builtin = kind === 'styles' ? findBuiltinCaptionStyle(style.name) : findBuiltinTitleStyle(style.name);
    if (builtin) throw new UserError('usage', `"${style.name}" is a built-in style's name: give yours another "name".`, source);
    await check?.(style);
    await this.write(kind, style.name, style);
    return style;
  }

  /**
   * Save a brand kit. Relative paths are taken relative to `baseDir` (the kit file's folder);
   * the logo must be a PNG, the music folder must hold audio, the styles must exist.
   */
  async saveBrand(data: unknown, source: string, baseDir: string): Promise<BrandKit> {
    const kit = await this.parseBrand(data, source);
    const out: BrandKit = { ...kit };
    if (kit.logo) {
      out.logo = { ...kit.logo, path: path.resolve(baseDir, kit.logo.path) };
      await checkLogo(out.logo.path);
    }
    if (kit.musicFolder) {
      out.musicFolder = path.resolve(baseDir, kit.musicFolder);
      await musicTracks(out.musicFolder);
    }
    if (kit.captionStyle) await this.captionStyle(kit.captionStyle);
    if (kit.titleStyle) await this.titleStyle(kit.titleStyle);
    await this.write('brands', out.name, out);
    return out;
  }

  private async write(kind: LookKind, name: string, value: unknown): Promise<void> {
    const dir = this.folder(kind);
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path.join(dir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
  }
}

/** A user's JSON file, with errors naming it. */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    throw new UserError('input', `The ${what} file ${abs} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path.`, abs);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError('input', `The ${what} file ${abs} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`, abs);
  }
}
