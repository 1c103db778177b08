/**
 * `reelforge jobs [BATCH_ID] [--all] [--json] [--data-dir DIR]`: batches and their jobs, as
 * stored in the app database. Read-only: it never marks another process's running jobs as
 * interrupted, so it is safe to run while the app or a `reelforge batch` is rendering.
 * Without --all, done jobs of a batch are folded into its counts so long batches stay short.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BatchRecord, JobRecord } from '../core/batch/types.js';
import type { BatchView } from '../core/contract.js';
import { UserError } from '../core/errors.js';
import { dataPaths, defaultDataDir } from '../core/paths.js';
import { openRuntime } from '../core/studio/runtime.js';
import { parseCli } from './args.js';
import { EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';
import { formatBatchLine, truncate } from './progress-view.js';

const USAGE = 'usage: reelforge jobs [BATCH_ID] [--all] [--json] [--data-dir DIR]';

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

/** Pure: one job's row. */
export function formatJobRow(j: JobRecord, width = 100): string {
  const detail = j.status === 'done' ? (j.output?.mp4 ?? '')
    : j.status === 'failed' || j.status === 'cancelled' ? (j.error?.message ?? '')
    : j.status === 'running' ? `${j.stage ?? 'starting'} ${Math.floor(j.progress * 100)}%`
    : '';
  return truncate(`  ${j.id}  ${j.status.padEnd(11)} ${truncate(j.title, 40).padEnd(40)}  ${detail}`, width);
}

/** Pure: the listing for a set of batches and their jobs. */
export function formatJobsListing(batches: readonly { record: BatchRecord; view: BatchView; jobs: JobRecord[] }[], all: boolean): string {
  if (batches.length === 0) return 'No batches yet: start one with "reelforge batch topics.txt".\n';
  const lines: string[] = [];
  for (const { record, view, jobs } of batches) {
    lines.push(`${formatBatchLine(view)}`, `  ${view.status} · created ${when(record.createdAt)} · ${record.label || 'batch'} → ${record.outDir}`);
    const shown = all ? jobs : jobs.filter((j) => j.status !== 'done');
    for (const j of shown) lines.push(formatJobRow(j));
    if (shown.length < jobs.length) lines.push(`  (${jobs.length - shown.length} done; --all lists them)`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCli(argv, { all: { type: 'boolean' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const, USAGE);
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    if (!existsSync(dataPaths(dataDir).appDb)) {
      if (values.json) writeJsonLine(io, { batches: [], jobs: [] });
      else io.stdout.write('No batches yet: start one with "reelforge batch topics.txt".\n');
      return EXIT_OK;
    }
    const runtime = openRuntime({ dataDir, apiKeySet: () => false, recoverInterrupted: false });
    try {
      const { queue } = runtime;
      let ids = queue.batches().map((b) => b.id);
      if (positionals[0] !== undefined) {
        const id = queue.resolveBatchId(positionals[0]);
        if (!id) throw new UserError('usage', `No batch "${positionals[0]}": run "reelforge jobs" to list them.`, 'batchId');
        ids = [id];
      }
      const batches = ids.map((id) => ({ record: queue.getBatch(id) as BatchRecord, view: queue.batchView(id) as BatchView, jobs: queue.jobs(id) }));
      if (values.json) writeJsonLine(io, { batches: batches.map((b) => ({ ...b.view, outDir: b.record.outDir, label: b.record.label })), jobs: batches.flatMap((b) => b.jobs) });
      else io.stdout.write(formatJobsListing(batches, values.all === true || positionals[0] !== undefined));
      return EXIT_OK;
    } finally {
      await runtime.close();
    }
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}
