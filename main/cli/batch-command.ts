/**
 * `reelforge batch FILE|FOLDER… [options]`: many videos from a .txt/.csv/.json list or a
 * folder, on the persisted queue (so `reelforge jobs` and the desktop app see them, and
 * `--resume` finishes them after a crash or Ctrl-C).
 *
 * Exit codes: 0 every video was made; 1 at least one failed (or a row was rejected), each
 * named with its reason in the summary; 2 usage or configuration error (nothing ran);
 * 130 interrupted by Ctrl-C — running jobs were stopped (ffmpeg killed) and marked
 * interrupted, and `reelforge batch --resume ID` finishes the batch, finished stages coming
 * from the cache. A second Ctrl-C quits at once.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { openAppDb } from '../core/batch/app-db.js';
import { readBatchInput } from '../core/batch/input.js';
import type { BatchRenderOptions, InputError, JobRecord } from '../core/batch/types.js';
import type { BatchView, JobStatus } from '../core/contract.js';
import type { Db } from '../core/db.js';
import { Engine } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { defaultDataDir } from '../core/paths.js';
import { parseSize } from '../core/pipeline/request.js';
import { openRuntime, type Runtime } from '../core/studio/runtime.js';
import { numberOption, parseCli } from './args.js';
import { startupEngineOptions } from '../core/settings/engine-options.js';
import { serviceKeyFiles } from '../host/key-file.js';
import { cliEngineOptions } from './engine-options.js';
import { EXIT_FAILED, EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';
import { formatSummary, ProgressView } from './progress-view.js';
import { DEFAULT_FARM_PORT, FarmController, parseListen, type ListenAddress } from '../core/farm/controller.js';
import { farmRunJob } from '../core/farm/farm-run-job.js';
import { FARM_DEFAULT_CONCURRENCY, FARM_MAX_CONCURRENCY } from '../core/farm/farm-options.js';
import { FarmRuns } from '../core/farm/farm-runs.js';
import { parseRedisUrl } from '../core/farm/redis-url.js';
import type { RunJob } from '../core/batch/types.js';
import type { Settings } from '../core/contract.js';
import { requestDefaultsFrom } from '../core/settings/engine-options.js';

export const EXIT_INTERRUPTED = 130;

const USAGE = `usage: reelforge batch FILE.txt|FILE.csv|FILE.json|FOLDER|CLIP… [options]
       reelforge batch --resume [BATCH_ID] [options]

  Inputs: .txt (one topic per line), .csv (header: topic, script, genre, duration, voice,
  preset, background, music, brand, captionStyle), .json (array of job specs), folders (clips inside become the
  background pool, lists inside become jobs), video clips (join the background pool).

  --backgrounds PATH   a clip or a folder of clips for jobs without a background (repeatable)
  --brand NAME         a brand kit for every job that names none (reelforge brands list)
  --concurrency N      videos in flight, 1-10 (default: the concurrency setting, 5)
  --workers N          media worker processes (default: cores - 1, at least 2)
  --stop-on-error      start nothing new after the first failure (the rest are cancelled)
  --out DIR            where videos go (default: the outputDir setting)
  --data-dir DIR       data folder (default: REELFORGE_DATA_DIR or the desktop app's folder)
  --no-cache           recompute every stage
  --resume [ID]        finish an interrupted batch (default: every interrupted batch)
  --json               one JSON object per line; the last is {"type":"done",...} or {"type":"error",...}
  --size WxH, --draft  small, fast renders for tests and previews

  --size, --draft and --no-cache are kept with the batch: --resume and retry use them.

  Render farm (see "Render farm" in the README):
  --farm URL           render on the farm's workers through Redis, e.g. redis://:PASSWORD@127.0.0.1:6379;
                       this process is the controller until the batch is done
  --listen HOST:PORT   where workers fetch inputs and deliver results (default 127.0.0.1:${DEFAULT_FARM_PORT})
  --token T            the farm token workers present (default: generated and printed;
                       or REELFORGE_FARM_TOKEN)
  With --farm, --concurrency goes up to ${FARM_MAX_CONCURRENCY} (default ${FARM_DEFAULT_CONCURRENCY}): the workers' slots bound the rest.`;

const OPTIONS = {
  backgrounds: { type: 'string', multiple: true },
  brand: { type: 'string' },
  concurrency: { type: 'string' },
  workers: { type: 'string' },
  'stop-on-error': { type: 'boolean' },
  out: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  resume: { type: 'boolean' },
  size: { type: 'string' },
  draft: { type: 'boolean' },
  farm: { type: 'string' },
  listen: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface FarmArgs {
  redisUrl: string;
  listen: ListenAddress;
  token: string | undefined;
}

export interface BatchArgs {
  inputs: string[];
  backgrounds: string[];
  brand: string | undefined;
  concurrency: number | undefined;
  workers: number | undefined;
  stopOnError: boolean;
  out: string | undefined;
  dataDir: string | undefined;
  json: boolean;
  noCache: boolean;
  /** null: not resuming; '': every interrupted batch; else a batch id or prefix. */
  resume: string | null;
  size: { width: number; height: number } | undefined;
  draft: boolean;
  /** Render on a farm (this process is its controller). */
  farm: FarmArgs | undefined;
}

/** Pure: argv → arguments, or a usage error (exit 2). Returns null for --help. */
export function parseBatchArgs(argv: string[]): BatchArgs | null {
  const { values, positionals } = parseCli(argv, OPTIONS, USAGE);
  if (values.help) return null;
  const resume = values.resume ? (positionals[0] ?? '') : null;
  if (resume !== null && positionals.length > 1) throw new UserError('usage', `--resume takes at most one batch id.\n${USAGE}`);
  if (resume === null && positionals.length === 0) throw new UserError('usage', `Give a .txt, .csv or .json file or a folder.\n${USAGE}`);
  if (resume !== null && (values.size !== undefined || values.draft === true || values['no-cache'] === true)) {
    throw new UserError('usage', '--size, --draft and --no-cache are kept with the batch: --resume finishes it with the ones it started with.', '--resume');
  }
  if ((values.listen !== undefined || values.token !== undefined) && values.farm === undefined) throw new UserError('usage', '--listen and --token go with --farm redis://HOST:PORT.', '--farm');
  if (values.farm !== undefined) parseRedisUrl(values.farm, '--farm');
  const concurrency = numberOption(values.concurrency, '--concurrency', 1, values.farm !== undefined ? FARM_MAX_CONCURRENCY : 10);
  const workers = numberOption(values.workers, '--workers', 1, 32);
  if (concurrency !== undefined && !Number.isInteger(concurrency)) throw new UserError('usage', `--concurrency must be a whole number, got "${values.concurrency}".`, '--concurrency');
  if (workers !== undefined && !Number.isInteger(workers)) throw new UserError('usage', `--workers must be a whole number, got "${values.workers}".`, '--workers');
  return {
    inputs: resume === null ? positionals : [],
    backgrounds: values.backgrounds ?? [],
    brand: values.brand,
    concurrency, workers,
    stopOnError: values['stop-on-error'] === true,
    out: values.out,
    dataDir: values['data-dir'],
    json: values.json === true,
    noCache: values['no-cache'] === true,
    resume,
    size: values.size !== undefined ? parseSize(values.size, '--size') : undefined,
    draft: values.draft === true,
    farm: values.farm === undefined ? undefined : {
      redisUrl: values.farm,
      listen: parseListen(values.listen ?? `127.0.0.1:${DEFAULT_FARM_PORT}`),
      token: values.token ?? (process.env.REELFORGE_FARM_TOKEN || undefined),
    },
  };
}

/** Inputs that do not exist are usage errors (exit 2): nothing should start on a typo. */
async function requireInputs(paths: readonly string[]): Promise<void> {
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new UserError('usage', `${path.resolve(p)} does not exist: give a .txt, .csv or .json file, a folder or a clip.`, p);
    }
  }
}

export interface CliSession {
  engine: Engine;
  runtime: Runtime;
  /** Set when rendering on a farm. */
  farm: FarmController | null;
  close(): Promise<void>;
}

/**
 * The engine and the queue for a command that renders (batch, retry): settings from the
 * app database shape the engine; flags override them for this run only.
 */
export async function openCliSession(io: CliIo, o: { dataDir: string | undefined; workers?: number; concurrency?: number; farm?: FarmArgs }): Promise<CliSession> {
  const dataDir = path.resolve(o.dataDir ?? defaultDataDir());
  const warn = (line: string): void => void io.stderr.write(`reelforge: warning: ${line}\n`);
  const apiKeySet = (): boolean => Boolean(process.env.OPENAI_API_KEY);
  let db: Db | undefined = openAppDb(dataDir);
  let engine: Engine | undefined;
  let farm: FarmController | null = null;
  try {
    const saved = await startupEngineOptions(dataDir, { saved: null, warn, elevenlabsKey: serviceKeyFiles(dataDir).elevenlabs.get() });
    engine = await Engine.open(cliEngineOptions(dataDir, { ...saved, ...(o.workers !== undefined ? { workers: o.workers } : {}), warn }));
    let runJob: RunJob | undefined;
    // The farm's RunJob reads the settings of the runtime it is given to (opened just below).
    const ref: { runtime?: Runtime } = {};
    if (o.farm) {
      farm = await FarmController.start({ redisUrl: o.farm.redisUrl, listen: o.farm.listen, ...(o.farm.token ? { token: o.farm.token } : {}), cache: engine.cache, log: warn });
      for (const line of farm.banner()) io.stderr.write(`${line}\n`);
      runJob = lazyFarmRunJob(engine, farm, db, () => ref.runtime?.settings.get(), (line) => void io.stderr.write(`${line}\n`));
    }
    const runtime = openRuntime({
      dataDir, engine, db, apiKeySet, warn, ...(runJob ? { runJob, maxConcurrency: FARM_MAX_CONCURRENCY } : {}),
      overrides: { ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : o.farm ? { concurrency: FARM_DEFAULT_CONCURRENCY } : {}) },
    });
    ref.runtime = runtime;
    const openDb = db;
    const openEngine = engine;
    const openFarm = farm;
    return {
      engine, runtime, farm,
      async close() {
        await runtime.close();
        await openFarm?.close();
        await openEngine.close();
        openDb.close();
      },
    };
  } catch (err) {
    await farm?.close().catch(() => {});
    await engine?.close().catch(() => {});
    db?.close();
    db = undefined;
    throw err;
  }
}

/** The farm's RunJob, reading the settings of the runtime it serves (opened just after it). */
function lazyFarmRunJob(engine: Engine, farm: FarmController, db: Db, settings: () => Settings | undefined, log: (line: string) => void): RunJob {
  return farmRunJob({
    engine, dispatcher: farm.dispatcher, sources: farm.sources, runs: new FarmRuns(db), log,
    defaults: () => {
      const s = settings();
      return s ? requestDefaultsFrom(s) : {};
    },
  });
}

/** The compact per-job object of --json lines and the final summary. */
export function jobJson(j: JobRecord): Record<string, unknown> {
  return {
    id: j.id, batchId: j.batchId, title: j.title, source: j.source, status: j.status, stage: j.stage,
    progress: Math.round(j.progress * 1000) / 1000, etaSec: j.etaSec, attempts: j.attempts,
    output: j.output, error: j.error,
  };
}

function sumCounts(views: readonly BatchView[]): Record<JobStatus, number> {
  const out: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, interrupted: 0, paused: 0 };
  for (const v of views) for (const k of Object.keys(out) as JobStatus[]) out[k] += v.counts[k];
  return out;
}

/**
 * Shows progress until every batch settles (or Ctrl-C), then prints the summary and the
 * perf table. Returns the exit code. Used by `batch` and `retry`.
 */
export async function watchBatches(session: CliSession, io: CliIo, o: { json: boolean; batchIds: () => string[]; inputErrors?: InputError[]; start: () => void }): Promise<number> {
  const { runtime, engine } = session;
  const { queue } = runtime;
  const columns = (io.stderr as { columns?: number }).columns;
  const view = o.json ? null : new ProgressView(io.stderr, { tty: io.isTTY, width: Math.max(40, (columns ?? 80) - 1) });
  const offJob = queue.onJob((j) => (o.json ? writeJsonLine(io, { type: 'job', ...jobJson(j) }) : view?.job(j)));
  const offBatch = queue.onBatch((b) => (o.json ? writeJsonLine(io, { type: 'batch', ...b }) : view?.batch(b)));
  let interrupted = false;
  let onSigint: () => void = () => {};
  const sigint = new Promise<void>((resolve) => {
    onSigint = () => {
      interrupted = true;
      if (!o.json) io.stderr.write('\nreelforge: stopping running videos (Ctrl-C again quits at once)…\n');
      resolve();
    };
  });
  process.once('SIGINT', onSigint);
  try {
    o.start(); // after subscribing, so the first "running" events are seen
    const ids = o.batchIds();
    await Promise.race([Promise.all(ids.map((id) => queue.whenSettled(id))), sigint]);
    if (interrupted) await queue.close(); // aborts running renders; they are marked interrupted
    view?.stop();
    const jobs = ids.flatMap((id) => queue.jobs(id));
    const views = ids.map((id) => queue.batchView(id)).filter((v): v is BatchView => v !== null);
    const inputErrors = o.inputErrors ?? [];
    if (interrupted) {
      const hint = `Interrupted: ${sumCounts(views).interrupted} video(s) stopped. Resume with: reelforge batch --resume ${ids.join(' ') || ''}`.trim();
      if (o.json) writeJsonLine(io, { type: 'error', kind: 'cancelled', message: hint, batchIds: ids, jobs: jobs.map(jobJson) });
      else io.stdout.write(`${formatSummary(jobs, inputErrors)}${hint}\n`);
      return EXIT_INTERRUPTED;
    }
    const counts = sumCounts(views);
    const ok = counts.done === jobs.length && inputErrors.length === 0;
    if (o.json) {
      writeJsonLine(io, { type: 'done', batchIds: ids, counts, jobs: jobs.map(jobJson), inputErrors, videosPerMinute: views.reduce((a, v) => a + v.videosPerMinute, 0) });
    } else {
      io.stdout.write(formatSummary(jobs, inputErrors));
      io.stdout.write(`\n${engine.perf.summaryTable()}`);
    }
    return ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    process.removeListener('SIGINT', onSigint);
    offJob();
    offBatch();
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let session: CliSession | undefined;
  try {
    const args = parseBatchArgs(argv);
    if (args === null) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    await requireInputs([...args.inputs, ...args.backgrounds]);
    const input = args.resume === null ? await readBatchInput(args.inputs, { backgrounds: args.backgrounds }) : null;
    if (input && input.jobs.length === 0 && input.errors.length === 0) {
      throw new UserError('usage', `No topics found in ${args.inputs.join(', ')}: write one topic per line (.txt), a topic column (.csv) or an array (.json).`);
    }
    // Stored with the batch, so `--resume` and `retry` render the same way (the queue hands them to every job).
    const renderOptions: BatchRenderOptions = {
      ...(args.noCache ? { noCache: true } : {}),
      ...(args.draft ? { quality: 'draft' as const } : {}),
      ...(args.size ? { size: args.size } : {}),
    };
    session = await openCliSession(io, {
      dataDir: args.dataDir,
      ...(args.workers !== undefined ? { workers: args.workers } : {}),
      ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
      ...(args.farm ? { farm: args.farm } : {}),
    });
    const { queue, settings } = session.runtime;
    if (args.brand !== undefined && input) {
      // A typo in the brand stops the batch before anything runs.
      await session.engine.looks.brand(args.brand);
      for (const job of input.jobs) job.spec.brand ??= args.brand;
    }
    if (input && !json) for (const e of input.errors) io.stderr.write(`reelforge: skipped ${e.source}: ${e.message}\n`);

    let batchIds: string[] = [];
    const start = (): void => {
      if (input) {
        if (input.jobs.length === 0) return; // every row was rejected: the summary lists why
        const s = settings.get();
        const batch = queue.createBatch(input.jobs, {
          outDir: path.resolve(args.out ?? s.outputDir),
          concurrency: args.concurrency ?? (args.farm ? FARM_DEFAULT_CONCURRENCY : s.concurrency),
          stopOnError: args.stopOnError || s.stopOnError,
          label: args.inputs.map((p) => path.basename(p)).join(', '),
          renderOptions,
        });
        batchIds = [batch.id];
        if (json) writeJsonLine(io, { type: 'batch-created', batchId: batch.id, jobs: input.jobs.length, rejected: input.errors.length, backgrounds: input.backgrounds.length });
        return;
      }
      batchIds = resumeTargets(session as CliSession, args);
    };
    const code = await watchBatches(session, io, { json, batchIds: () => batchIds, inputErrors: input?.errors ?? [], start });
    if (args.resume !== null && batchIds.length === 0 && !json) io.stdout.write('Nothing to resume: no batch was interrupted.\n');
    return code;
  } catch (err) {
    if (json) {
      const e = err instanceof UserError ? { kind: err.kind, message: err.message, subject: err.subject ?? null } : { kind: 'internal', message: err instanceof Error ? err.message : String(err), subject: null };
      writeJsonLine(io, { type: 'error', ...e });
    }
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  } finally {
    await session?.close();
  }
}

/** `--resume [ID]`: that batch, or every batch with interrupted (or stranded queued) jobs. */
function resumeTargets(session: CliSession, args: BatchArgs): string[] {
  const { queue } = session.runtime;
  let ids: string[];
  if (args.resume) {
    const id = queue.resolveBatchId(args.resume);
    if (!id) throw new UserError('usage', `No batch "${args.resume}" (or more than one starts so): run "reelforge jobs" to list them.`, 'batchId');
    ids = [id];
  } else {
    ids = queue.batches().filter((b) => b.status === 'interrupted' || b.counts.interrupted > 0).map((b) => b.id);
  }
  for (const id of ids) {
    const b = queue.getBatch(id);
    if (b?.status === 'paused') queue.resumeBatch(id);
    else queue.resume(id);
    if (args.concurrency !== undefined) queue.setBatchOptions(id, { concurrency: args.concurrency });
  }
  return ids;
}
