/**
 * `.csv` input: a header row naming any of topic, script, genre, duration, voice, preset,
 * background, music, brand, captionStyle (any order, any case), then one job per row. A bad row (no topic or
 * script, a duration that is not a number, an unknown preset, more cells than columns) is
 * reported with its line number and fails alone; the other rows still become jobs.
 */
import { detectDelimiter, readCsvRecords } from './csv-records.js';
import { checkSpec, parseDuration, parsePreset, parseVoiceRate, resolveMediaPath } from './spec-check.js';
import type { JobSpec } from '../pipeline/types.js';
import type { ParseResult } from './types.js';

export const CSV_COLUMNS = ['topic', 'script', 'genre', 'duration', 'voice', 'voiceRate', 'preset', 'background', 'music', 'brand', 'captionStyle', 'voiceover'] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** Header aliases people type; keys are lower-cased and trimmed first. */
const ALIASES: Record<string, Column> = {
  title: 'topic', seconds: 'duration', 'duration (s)': 'duration', clip: 'background',
  voicerate: 'voiceRate', voice_rate: 'voiceRate', 'voice rate': 'voiceRate', rate: 'voiceRate', speed: 'voiceRate',
  captionstyle: 'captionStyle', caption_style: 'captionStyle', 'caption style': 'captionStyle', style: 'captionStyle',
};

function columnOf(name: string): Column | null {
  const key = name.trim().toLowerCase();
  if ((CSV_COLUMNS as readonly string[]).includes(key)) return key as Column;
  return ALIASES[key] ?? null;
}

/** `baseDir` anchors relative background/music paths (the CSV's own folder). */
export function parseCsv(text: string, label: string, baseDir: string): ParseResult {
  const out: ParseResult = { jobs: [], errors: [] };
  const { records, unterminatedQuoteLine } = readCsvRecords(text, detectDelimiter(text));
  const header = records[0];
  if (!header) {
    out.errors.push({ source: `${label}:line 1`, message: 'the file is empty: the first row must name the columns, e.g. topic,genre,duration' });
    return out;
  }
  const columns: (Column | null)[] = header.fields.map(columnOf);
  const unknown = header.fields.filter((_, i) => columns[i] === null && (header.fields[i] ?? '').trim() !== '');
  if (unknown.length > 0) {
    out.errors.push({ source: `${label}:line ${header.line}`, message: `unknown column ${unknown.map((u) => `"${u}"`).join(', ')}: columns are ${CSV_COLUMNS.join(', ')}` });
    return out;
  }
  if (!columns.includes('topic') && !columns.includes('script')) {
    out.errors.push({ source: `${label}:line ${header.line}`, message: `the header row needs a "topic" or "script" column (found: ${header.fields.join(', ')})` });
    return out;
  }

  for (const rec of records.slice(1)) {
    const source = `${label}:line ${rec.line}`;
    if (rec.fields.every((f) => f.trim() === '')) continue; // ",,," rows from spreadsheets
    if (rec.fields.length > columns.length && rec.fields.slice(columns.length).some((f) => f.trim() !== '')) {
      out.errors.push({ source, message: `${rec.fields.length} cells but the header names ${columns.length} columns (quote cells that contain commas)` });
      continue;
    }
    const spec: JobSpec = {};
    const problems: string[] = [];
    columns.forEach((col, i) => {
      const value = (rec.fields[i] ?? '').trim();
      if (col === null || value === '') return;
      switch (col) {
        case 'duration': {
          const d = parseDuration(value);
          if (typeof d === 'object') problems.push(d.error);
          else if (d !== undefined) spec.duration = d;
          break;
        }
        case 'voiceRate': {
          const r = parseVoiceRate(value);
          if (typeof r === 'object') problems.push(r.error);
          else if (r !== undefined) spec.voiceRate = r;
          break;
        }
        case 'preset': {
          const p = parsePreset(value);
          if (typeof p === 'object') problems.push(p.error);
          else if (p !== undefined) spec.preset = p;
          break;
        }
        case 'background':
        case 'music':
        case 'voiceover':
          spec[col] = resolveMediaPath(value, baseDir);
          break;
        case 'captionStyle':
          spec.captionStyle = value.endsWith('.json') ? resolveMediaPath(value, baseDir) : value;
          break;
        default:
          spec[col] = value;
      }
    });
    const missing = checkSpec(spec);
    if (missing) problems.unshift(missing);
    if (problems.length > 0) out.errors.push({ source, message: problems.join('; ') });
    else out.jobs.push({ spec, source });
  }
  if (unterminatedQuoteLine !== null) {
    out.errors.push({ source: `${label}:line ${unterminatedQuoteLine}`, message: 'a quoted cell starts here and is never closed: the rows from here on were not read' });
  }
  return out;
}
