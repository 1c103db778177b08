/**
 * `reelforge worker --redis URL --controller URL --token T [--slots N] [--tags a,b] [--name N]
 * [--data-dir D]`: one machine of a render farm. Takes videos from the farm's queue in Redis,
 * fetches what it lacks from the controller by digest, renders on its own worker pool with its
 * own cache (a pull-through copy of the farm's), and delivers the results back.
 *
 * The first stdout line is `Reelforge worker <name> is taking jobs …` (scripts and tests wait
 * for it); the log goes to stderr. Ctrl-C (or SIGTERM) finishes the jobs it holds and exits;
 * a second one stops them at once (the controller's farm hands them to another worker).
 */
import path from 'node:path';
import { Engine } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { BlobClient } from '../core/farm/blob-client.js';
import { FarmWorker } from '../core/farm/farm-worker.js';
import { parseRedisUrl, redactRedisUrl } from '../core/farm/redis-url.js';
import { workerRender } from '../core/farm/worker-render.js';
import { workerRunner } from '../core/farm/worker-runner.js';
import { defaultDataDir } from '../core/paths.js';
import { listSystemVoices } from '../core/voice/system-voice.js';
import { numberOption, parseCli } from './args.js';
import { cliEngineOptions } from './engine-options.js';
import { EXIT_OK, errorLine, exitCodeFor, type CliIo } from './io.js';

const USAGE = `usage: reelforge worker --redis URL --controller URL --token T [options]

  Renders videos for a Reelforge farm. Start the controller first ("reelforge farm" or
  "reelforge batch FILE --farm URL"): it prints the --controller URL and the token.

  --redis URL        the farm's Redis, e.g. redis://:PASSWORD@192.168.1.10:6379
  --controller URL   the controller's content endpoint, e.g. http://192.168.1.10:7420
  --token T          the farm token (or REELFORGE_FARM_TOKEN, which stays out of process listings)
  --slots N          videos at once on this machine (default: cores - 1, at least 1)
  --tags a,b         capabilities to advertise (shown in Settings → Render farm)
  --name NAME        shown in the worker list (default: the host name)
  --data-dir DIR     this worker's own cache and logs (default: REELFORGE_DATA_DIR or the app's folder)`;

const OPTIONS = {
  redis: { type: 'string' },
  controller: { type: 'string' },
  token: { type: 'string' },
  slots: { type: 'string' },
  tags: { type: 'string' },
  name: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface WorkerArgs {
  redis: string;
  controller: string;
  token: string;
  slots: number | undefined;
  tags: string[];
  name: string | undefined;
  dataDir: string;
}

/** Pure: argv (+ the environment's token) → arguments, or a usage error. Null for --help. */
export function parseWorkerArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WorkerArgs | null {
  const { values } = parseCli(argv, OPTIONS, USAGE);
  if (values.help) return null;
  if (!values.redis) throw new UserError('usage', `Give the farm's Redis with --redis redis://HOST:PORT.\n${USAGE}`, '--redis');
  parseRedisUrl(values.redis);
  if (!values.controller) throw new UserError('usage', `Give the controller's address with --controller http://HOST:PORT (the controller prints it).\n${USAGE}`, '--controller');
  if (!/^https?:\/\/[^/\s]+\/?$/.test(values.controller)) throw new UserError('usage', `--controller must be http://HOST:PORT, got "${values.controller}".`, '--controller');
  const token = values.token ?? env.REELFORGE_FARM_TOKEN;
  if (!token) throw new UserError('usage', 'Give the farm token with --token or REELFORGE_FARM_TOKEN (the controller prints it).', '--token');
  const slots = numberOption(values.slots, '--slots', 1, 64);
  if (slots !== undefined && !Number.isInteger(slots)) throw new UserError('usage', `--slots must be a whole number, got "${values.slots}".`, '--slots');
  const tags = (values.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of tags) if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(t)) throw new UserError('usage', `--tags: "${t}" is not a tag (letters, digits, - and _).`, '--tags');
  return { redis: values.redis, controller: values.controller.replace(/\/$/, ''), token, slots, tags, name: values.name, dataDir: path.resolve(values['data-dir'] ?? defaultDataDir()) };
}

function signals(): { next(): Promise<NodeJS.Signals>; dispose(): void } {
  const waiting: ((s: NodeJS.Signals) => void)[] = [];
  const on = (s: NodeJS.Signals): void => {
    for (const w of waiting.splice(0)) w(s);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    next: () => new Promise((resolve) => waiting.push(resolve)),
    dispose() {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let engine: Engine | undefined;
  let client: BlobClient | undefined;
  let worker: FarmWorker | undefined;
  const sig = signals();
  try {
    const args = parseWorkerArgs(argv);
    if (args === null) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const log = (line: string): void => void io.stderr.write(`${line}\n`);
    const slots = args.slots ?? Math.max(1, (await import('node:os')).availableParallelism() - 1);
    engine = await Engine.open(cliEngineOptions(args.dataDir, { workers: slots, log, warn: log }));
    client = new BlobClient({ baseUrl: args.controller, token: args.token, log });
    // Fail at once on a wrong token or address rather than on the first job.
    await client.health();
    const voices = await listSystemVoices().then((v) => (v.length > 0 ? ['system'] : []), () => []);
    worker = await FarmWorker.start({
      redisUrl: args.redis, slots, tags: args.tags, ...(args.name ? { name: args.name } : {}),
      capabilities: { ffmpeg: engine.ffmpeg.version, voices },
      run: workerRunner({ pool: engine.pool, render: workerRender({ base: engine.renderDeps, client }) }),
      log,
    });
    io.stdout.write(`Reelforge worker ${worker.info.name} is taking jobs from ${redactRedisUrl(args.redis)} for ${args.controller} (${slots} slot(s), id ${worker.id})\n`);
    io.stderr.write(`Data folder: ${args.dataDir}\nCtrl+C finishes the running jobs and exits; twice stops them at once.\n`);
    await sig.next();
    io.stderr.write('Finishing the running jobs…\n');
    const graceful = worker.close(false);
    const forced = sig.next().then(() => {
      io.stderr.write('Stopping the running jobs now.\n');
      return worker?.close(true);
    });
    await Promise.race([graceful, forced]);
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  } finally {
    sig.dispose();
    await worker?.close(true).catch(() => undefined);
    client?.close();
    await engine?.close();
  }
}
