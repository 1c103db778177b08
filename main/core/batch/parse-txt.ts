/** `.txt` input: one topic per line; blank lines and `#` comments are skipped. */
import type { ParseResult } from './types.js';
import { checkSpec } from './spec-check.js';

export function parseTxt(text: string, label: string): ParseResult {
  const out: ParseResult = { jobs: [], errors: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const topic = raw.trim();
    if (topic === '' || topic.startsWith('#')) return;
    const source = `${label}:line ${i + 1}`;
    const spec = { topic };
    const problem = checkSpec(spec);
    if (problem) out.errors.push({ source, message: problem });
    else out.jobs.push({ spec, source });
  });
  return out;
}
