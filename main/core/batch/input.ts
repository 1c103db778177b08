/**
 * Turns what the user gave (files, folders, video clips; from the CLI, a drop or a dialog)
 * into jobs, per-row errors and a background pool. Dispatches by extension; a file that
 * cannot be read is one error, never an exception, so one bad drop does not lose the rest.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { assignBackgrounds } from './assign-backgrounds.js';
import { parseCsv } from './parse-csv.js';
import { kindOf, scanFolder } from './parse-folder.js';
import { parseJson } from './parse-json.js';
import { parseTxt } from './parse-txt.js';
import type { BatchInput, ParseResult } from './types.js';

/** Parses one job file's text by its extension. Pure. */
export function parseJobFile(file: string, text: string, label = path.basename(file)): ParseResult {
  const ext = path.extname(file).toLowerCase();
  const baseDir = path.dirname(path.resolve(file));
  if (ext === '.csv') return parseCsv(text, label, baseDir);
  if (ext === '.json') return parseJson(text, label, baseDir);
  return parseTxt(text, label);
}

async function readJobFile(file: string, into: BatchInput): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    into.errors.push({ source: file, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return;
  }
  const r = parseJobFile(file, text);
  into.jobs.push(...r.jobs);
  into.errors.push(...r.errors);
}

export interface ReadInputOptions {
  /** Extra clips or folders of clips for the pool (`--backgrounds`). */
  backgrounds?: string[];
  /** Skip pool assignment (the caller assigns later, e.g. to merge with a library). */
  assign?: boolean;
}

export async function readBatchInput(paths: readonly string[], opts: ReadInputOptions = {}): Promise<BatchInput> {
  const result: BatchInput = { jobs: [], errors: [], backgrounds: [] };
  const addPath = async (p: string, poolOnly: boolean): Promise<void> => {
    const abs = path.resolve(p);
    let info;
    try {
      info = await stat(abs);
    } catch {
      result.errors.push({ source: abs, message: 'does not exist' });
      return;
    }
    if (info.isDirectory()) {
      const scan = await scanFolder(abs);
      result.backgrounds.push(...scan.videos);
      if (!poolOnly) for (const f of scan.jobFiles) await readJobFile(f, result);
      return;
    }
    const kind = kindOf(abs);
    if (kind === 'video') result.backgrounds.push(abs);
    else if (kind === 'jobs' && !poolOnly) await readJobFile(abs, result);
    else result.errors.push({ source: abs, message: poolOnly ? 'is not a video clip (.mp4, .mov, .m4v, .webm, .mkv, .avi)' : 'is not a .txt, .csv or .json job list, a video clip or a folder' });
  };
  for (const p of paths) await addPath(p, false);
  for (const p of opts.backgrounds ?? []) await addPath(p, true);
  result.backgrounds = [...new Set(result.backgrounds)];
  if (opts.assign !== false) result.jobs = assignBackgrounds(result.jobs, result.backgrounds);
  return result;
}
