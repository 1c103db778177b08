/**
 * `reelforge retry JOB_ID… | --failed [BATCH_ID]`: re-queues failed (or cancelled or
 * interrupted) jobs and renders them now with the same live view as `reelforge batch`;
 * stages that already succeeded come from the cache. Ids may be unique prefixes.
 * Exit codes as for batch: 0 all retried videos were made, 1 one failed, 2 usage, 130 Ctrl-C.
 */
import { UserError } from '../core/errors.js';
import { numberOption, parseCli } from './args.js';
import { openCliSession, watchBatches, type CliSession } from './batch-command.js';
import { EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';

const USAGE = `usage: reelforge retry JOB_ID… [options]
       reelforge retry --failed [BATCH_ID] [options]

  --failed          retry every failed job (of one batch, or of all batches)
  --concurrency N   videos in flight, 1-10
  --workers N       media worker processes
  --data-dir DIR    data folder
  --json            one JSON object per line, ending with {"type":"done",...}`;

export interface RetryArgs {
  jobIds: string[];
  failed: boolean;
  batchId: string | undefined;
  concurrency: number | undefined;
  workers: number | undefined;
  dataDir: string | undefined;
  json: boolean;
}

/** Pure: argv → arguments (usage error on nonsense); null for --help. */
export function parseRetryArgs(argv: string[]): RetryArgs | null {
  const { values, positionals } = parseCli(argv, {
    failed: { type: 'boolean' }, concurrency: { type: 'string' }, workers: { type: 'string' },
    'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  } as const, USAGE);
  if (values.help) return null;
  const failed = values.failed === true;
  if (!failed && positionals.length === 0) throw new UserError('usage', `Give a job id (see "reelforge jobs") or --failed.\n${USAGE}`);
  if (failed && positionals.length > 1) throw new UserError('usage', `--failed takes at most one batch id.\n${USAGE}`);
  return {
    jobIds: failed ? [] : positionals,
    failed,
    batchId: failed ? positionals[0] : undefined,
    concurrency: numberOption(values.concurrency, '--concurrency', 1, 10),
    workers: numberOption(values.workers, '--workers', 1, 32),
    dataDir: values['data-dir'],
    json: values.json === true,
  };
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let session: CliSession | undefined;
  try {
    const args = parseRetryArgs(argv);
    if (args === null) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    session = await openCliSession(io, { dataDir: args.dataDir, ...(args.workers !== undefined ? { workers: args.workers } : {}), ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}) });
    const { queue } = session.runtime;
    // Resolve every id before anything starts: a typo in the third id must not half-run the list.
    const jobIds = args.jobIds.map((raw) => {
      const id = queue.resolveJobId(raw);
      if (!id) throw new UserError('usage', `No job "${raw}" (or more than one starts so): run "reelforge jobs" to list them.`, 'jobId');
      return id;
    });
    const batchFilter = args.batchId === undefined ? undefined : queue.resolveBatchId(args.batchId);
    if (args.batchId !== undefined && !batchFilter) throw new UserError('usage', `No batch "${args.batchId}": run "reelforge jobs" to list them.`, 'batchId');

    const batchIds: string[] = [];
    let retried = 0;
    const start = (): void => {
      if (args.failed) {
        const targets = batchFilter ? [batchFilter] : queue.batches().filter((b) => b.counts.failed > 0).map((b) => b.id);
        for (const id of targets) {
          const n = queue.retryFailed(id);
          retried += n;
          if (n > 0) batchIds.push(id);
        }
      } else {
        for (const id of jobIds) {
          queue.retryJob(id);
          retried++;
          const b = queue.getJob(id)?.batchId;
          if (b && !batchIds.includes(b)) batchIds.push(b);
        }
      }
      if (json) writeJsonLine(io, { type: 'retry', retried, batchIds });
    };
    const code = await watchBatches(session, io, { json, batchIds: () => batchIds, start });
    if (retried === 0 && !json) io.stdout.write('Nothing to retry: no failed jobs.\n');
    return code;
  } catch (err) {
    if (json) writeJsonLine(io, { type: 'error', kind: err instanceof UserError ? err.kind : 'internal', message: err instanceof Error ? err.message : String(err) });
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  } finally {
    await session?.close();
  }
}
