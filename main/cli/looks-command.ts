/**
 * `reelforge styles list|show NAME|add FILE.json` and `reelforge brands list|show NAME|add
 * FILE.json`: the caption and title styles and brand kits in the data folder, beside the
 * built-ins. Adding validates the whole file (fields named in errors), checks its fonts are
 * bundled or installed and a brand's logo and music folder exist, then saves a copy.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { readJsonFile, LookLibrary } from '../core/looks/library.js';
import { resolveFont } from '../core/media/captions/font-lookup.js';
import type { CaptionStyle, TitleStyle } from '../core/media/captions/style-schema.js';
import { fontsDir } from '../core/media/fonts.js';
import { defaultDataDir } from '../core/paths.js';
import { parseCli } from './args.js';
import { EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';

const STYLES_USAGE = `usage: reelforge styles list [--json]
       reelforge styles show NAME [--title] [--json]
       reelforge styles add FILE.json
  A style file is {"version": 1, "name": "mine", "extends": "bold", ...fields to change}.
  A title style (for the hook title) has "durationSec"; the rest are caption styles.
  --data-dir DIR    data folder (default: REELFORGE_DATA_DIR or the desktop app's folder)`;

const BRANDS_USAGE = `usage: reelforge brands list [--json]
       reelforge brands show NAME [--json]
       reelforge brands add FILE.json
  A brand kit is {"version": 1, "name": "acme", "captionStyle": "one-word", "logo": {"path":
  "logo.png", "corner": "top-left", "sizePercent": 14, "opacity": 0.9}, "endCard": {"text":
  "Follow for more", "handle": "@acme"}, "musicFolder": "music/", "voice": "system:en-us",
  "preset": "shorts"}; paths are relative to the file.
  --data-dir DIR    data folder (default: REELFORGE_DATA_DIR or the desktop app's folder)`;

const OPTIONS = { json: { type: 'boolean' }, title: { type: 'boolean' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function library(dataDir: string | undefined): LookLibrary {
  return new LookLibrary(path.resolve(dataDir ?? defaultDataDir()));
}

async function checkFonts(style: CaptionStyle | TitleStyle): Promise<void> {
  await resolveFont(style.font.family, style.font.bold, fontsDir());
}

function describeStyle(s: (CaptionStyle | TitleStyle) & { builtin: boolean }, kind: 'caption' | 'title'): string {
  return `${s.name.padEnd(16)} ${kind.padEnd(8)} ${(s.builtin ? 'built-in' : 'yours').padEnd(9)} ${s.description}`;
}

export async function stylesMain(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCli(argv, OPTIONS, STYLES_USAGE);
    const [action, arg] = positionals;
    if (values.help || action === undefined) {
      io.stdout.write(`${STYLES_USAGE}\n`);
      return values.help ? EXIT_OK : 2;
    }
    const lib = library(values['data-dir']);
    if (action === 'list') {
      const [captions, titles] = await Promise.all([lib.captionStyles(), lib.titleStyles()]);
      const problems = [...captions.problems, ...titles.problems];
      if (values.json) {
        writeJsonLine(io, { captionStyles: captions.items, titleStyles: titles.items, problems });
      } else {
        for (const s of captions.items) io.stdout.write(`${describeStyle(s, 'caption')}\n`);
        for (const s of titles.items) io.stdout.write(`${describeStyle(s, 'title')}\n`);
        for (const p of problems) io.stderr.write(`reelforge: skipped ${p.message}\n`);
      }
      return EXIT_OK;
    }
    if (action === 'show') {
      if (arg === undefined) throw new UserError('usage', `Name the style to show.\n${STYLES_USAGE}`);
      const style = values.title ? await lib.titleStyle(arg) : await lib.captionStyle(arg);
      io.stdout.write(values.json ? `${JSON.stringify(style)}\n` : `${JSON.stringify(style, null, 2)}\n`);
      return EXIT_OK;
    }
    if (action === 'add') {
      if (arg === undefined) throw new UserError('usage', `Give the style file to add.\n${STYLES_USAGE}`);
      const data = await readJsonFile(arg, 'style');
      const isTitle = data !== null && typeof data === 'object' && 'durationSec' in data;
      const style = await lib.saveStyle(isTitle ? 'titles' : 'styles', data, path.resolve(arg), checkFonts);
      io.stdout.write(`added ${isTitle ? 'title' : 'caption'} style "${style.name}": use it with --${isTitle ? 'title' : 'caption'}-style ${style.name}\n`);
      return EXIT_OK;
    }
    throw new UserError('usage', `Unknown action "${action}".\n${STYLES_USAGE}`);
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}

export async function brandsMain(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCli(argv, OPTIONS, BRANDS_USAGE);
    const [action, arg] = positionals;
    if (values.help || action === undefined) {
      io.stdout.write(`${BRANDS_USAGE}\n`);
      return values.help ? EXIT_OK : 2;
    }
    const lib = library(values['data-dir']);
    if (action === 'list') {
      const brands = await lib.brands();
      if (values.json) writeJsonLine(io, brands);
      else {
        if (brands.items.length === 0) io.stdout.write('No brand kits yet: add one with "reelforge brands add FILE.json".\n');
        for (const b of brands.items) {
          const parts = [b.captionStyle && `captions ${b.captionStyle}`, b.logo && `logo ${b.logo.corner}`, b.endCard && 'end card', b.musicFolder && 'music', b.voice, b.preset].filter(Boolean);
          io.stdout.write(`${b.name.padEnd(16)} ${parts.join(' · ')}${b.description ? ` — ${b.description}` : ''}\n`);
        }
        for (const p of brands.problems) io.stderr.write(`reelforge: skipped ${p.message}\n`);
      }
      return EXIT_OK;
    }
    if (action === 'show') {
      if (arg === undefined) throw new UserError('usage', `Name the brand to show.\n${BRANDS_USAGE}`);
      const brand = await lib.brand(arg);
      io.stdout.write(values.json ? `${JSON.stringify(brand)}\n` : `${JSON.stringify(brand, null, 2)}\n`);
      return EXIT_OK;
    }
    if (action === 'add') {
      if (arg === undefined) throw new UserError('usage', `Give the brand kit file to add.\n${BRANDS_USAGE}`);
      const file = path.resolve(arg);
      const brand = await lib.saveBrand(await readJsonFile(file, 'brand kit'), file, path.dirname(file));
      io.stdout.write(`added brand "${brand.name}": use it with --brand ${brand.name} or a "brand" column\n`);
      return EXIT_OK;
    }
    throw new UserError('usage', `Unknown action "${action}".\n${BRANDS_USAGE}`);
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}
