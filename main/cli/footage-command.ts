/**
 * `reelforge footage add DIR… | list | search WORDS… | remove DIR`: the creator's footage
 * library, indexed on the worker pool (progress on stderr), shared with the desktop app.
 */
import path from 'node:path';
import { Engine } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import type { IndexProgress, IndexSummary } from '../core/footage/indexer.js';
import { defaultDataDir } from '../core/paths.js';
import { numberOption, parseCli } from './args.js';
import { cliEngineOptions } from './engine-options.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';

const USAGE = `usage: reelforge footage add DIR|FILE… [--json]        index folders of clips and stills (again: only what changed)
       reelforge footage list [--json]                  folders, clips with scenes and tags, broken files and why
       reelforge footage search WORDS… [--json]         what a sentence would show
       reelforge footage remove DIR|FILE                forget a folder (your files are not touched)
       [--data-dir DIR] [--workers N]`;

const OPTIONS = {
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  workers: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function progressLine(p: IndexProgress): string {
  if (p.phase === 'scanning') return `scanning ${p.current ?? ''}${p.done ? ` (${p.done} files)` : ''}`;
  const pct = p.total > 0 ? Math.round((p.done / p.total) * 100) : 100;
  return `indexing ${p.done}/${p.total} (${pct} %)${p.broken ? ` · ${p.broken} broken` : ''}${p.current ? ` · ${path.basename(p.current)}` : ''}`;
}

function summaryLine(s: IndexSummary): string {
  const mins = s.ms / 60_000;
  const rate = mins > 0 && s.footageSec > 0 ? ` · ${(s.footageSec / 60 / mins).toFixed(1)} min of footage per minute` : '';
  return `indexed ${s.indexed} new, ${s.reused} known (moved or copied), ${s.broken.length} broken in ${(s.ms / 1000).toFixed(1)} s${rate}`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let engine: Engine | undefined;
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const { values, positionals } = parseCli(argv, OPTIONS, USAGE);
    const [action, ...args] = positionals;
    if (values.help || action === undefined) {
      io.stdout.write(`${USAGE}\n`);
      return values.help ? EXIT_OK : EXIT_USAGE;
    }
    if (!['add', 'list', 'search', 'remove'].includes(action)) throw new UserError('usage', `Unknown footage action "${action}".\n${USAGE}`);
    if ((action === 'add' || action === 'remove' || action === 'search') && args.length === 0) {
      throw new UserError('usage', `footage ${action} needs ${action === 'search' ? 'words' : 'a folder or file'}.\n${USAGE}`);
    }
    const workers = numberOption(values.workers, '--workers', 1, 32);
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    engine = await Engine.open(cliEngineOptions(dataDir, { ...(workers !== undefined ? { workers } : {}), warn: (l) => void io.stderr.write(`reelforge: warning: ${l}\n`) }));
    const lib = engine.footage;

    if (action === 'add') {
      let last = 0;
      const off = lib.onProgress((p) => {
        if (values.json) {
          if (p.phase !== 'scanning' || p.done === 0) writeJsonLine(io, { type: 'progress', ...p });
          return;
        }
        const now = Date.now();
        if (p.phase !== 'done' && now - last < (io.isTTY ? 100 : 2000)) return;
        last = now;
        io.stderr.write(io.isTTY ? `\r\x1b[2K${progressLine(p)}` : `${progressLine(p)}\n`);
      });
      const r = await lib.add(args, controller.signal);
      off();
      if (io.isTTY && !values.json) io.stderr.write('\r\x1b[2K');
      if (values.json) writeJsonLine(io, { type: 'done', ...r });
      else {
        io.stdout.write(`${summaryLine(r.summary)}\n`);
        for (const b of r.summary.broken) io.stdout.write(`  broken: ${b.path}: ${b.reason}\n`);
        for (const p of r.problems) io.stderr.write(`reelforge: warning: ${p}\n`);
      }
      if (controller.signal.aborted) return 130;
      return EXIT_OK;
    }

    if (action === 'remove') {
      for (const a of args) await lib.remove(a);
      if (!values.json) io.stdout.write(`removed ${args.length} source(s) from the footage library\n`);
      else writeJsonLine(io, { removed: args.map((a) => path.resolve(a)) });
      return EXIT_OK;
    }

    if (action === 'list') {
      // Files left pending by an interrupted run are indexed first (resume after a crash).
      if (lib.repo.pending().length > 0) await lib.resume(controller.signal);
      const folders = lib.folders();
      const items = lib.items();
      const unready = lib.unready();
      if (values.json) {
        writeJsonLine(io, {
          folders,
          items: items.map((i) => ({ path: i.path, kind: i.kind, sha256: i.sha256, durationSec: i.media.durationSec, width: i.media.width, height: i.media.height, note: i.media.note, tags: i.tags.map((t) => t.word), scenes: i.media.scenes })),
          broken: unready.filter((f) => f.status === 'broken').map((f) => ({ path: f.path, reason: f.error })),
          pending: unready.filter((f) => f.status === 'pending').map((f) => f.path),
        });
        return EXIT_OK;
      }
      if (folders.length === 0) {
        io.stdout.write('The footage library is empty: add a folder with "reelforge footage add DIR".\n');
        return EXIT_OK;
      }
      for (const f of folders) {
        io.stdout.write(`${f.path}  ${f.ready} ready${f.pending ? `, ${f.pending} pending` : ''}${f.broken ? `, ${f.broken} broken` : ''}\n`);
        for (const i of items.filter((x) => x.folder === f.path)) {
          const len = i.kind === 'still' ? 'still' : `${i.media.durationSec.toFixed(1)} s, ${i.media.scenes.length} scene(s)`;
          io.stdout.write(`  ${path.relative(f.path, i.path) || path.basename(i.path)}  ${len}  ${i.media.width}×${i.media.height}  [${i.tags.map((t) => t.word).join(', ')}]${i.media.note ? `  (${i.media.note})` : ''}\n`);
        }
        for (const u of unready.filter((x) => x.folder === f.path)) io.stdout.write(`  ${path.relative(f.path, u.path) || path.basename(u.path)}  ${u.status}${u.error ? `: ${u.error}` : ''}\n`);
      }
      return EXIT_OK;
    }

    // search
    const text = args.join(' ');
    const limit = numberOption(values.limit, '--limit', 1, 200) ?? 10;
    const search = await lib.search();
    const found = search.match(text, '', { limit });
    if (values.json) {
      writeJsonLine(io, { query: text, related: search.explain(text), results: found.map((m) => ({ path: m.item.path, score: Math.round(m.score * 1000) / 1000, reason: m.reason, scenes: m.scenes })) });
      return EXIT_OK;
    }
    if (found.length === 0) {
      io.stdout.write(`Nothing in the footage library matches "${text}"${lib.folders().length === 0 ? ' (it is empty: add a folder with "reelforge footage add DIR")' : ''}.\n`);
      return EXIT_FAILED;
    }
    for (const m of found) io.stdout.write(`${m.score.toFixed(2)}  ${m.item.path}  (${m.reason})\n`);
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await engine?.close();
  }
}
