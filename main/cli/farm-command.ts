/**
 * `reelforge farm --redis URL [--listen HOST:PORT] [--token T] [--port P] [--data-dir DIR]`: a
 * long-running render farm controller. It is `reelforge serve` (the same UI on 127.0.0.1, the
 * same queue in reelforge.db) with every video rendered by the farm's workers, plus the content
 * endpoint they fetch inputs from and deliver results to. Restarted, it resumes the videos that
 * were out on the farm, re-attaching to their jobs.
 */
import { UserError } from '../core/errors.js';
import { DEFAULT_FARM_PORT, parseListen } from '../core/farm/controller.js';
import { parseRedisUrl } from '../core/farm/redis-url.js';
import { numberOption, parseCli } from './args.js';
import { errorLine, EXIT_OK, exitCodeFor, type CliIo } from './io.js';
import { serveStudio } from './serve-command.js';

const USAGE = `usage: reelforge farm --redis URL [--listen HOST:PORT] [--token T] [--port P] [--data-dir DIR]

  Runs a render farm's controller: the queue and the UI (like "reelforge serve"), the scripts,
  ideas, scores and online voices (API keys stay here), and the content endpoint workers use.
  Start workers on other machines with the command it prints ("reelforge worker …").

  --redis URL         the farm's Redis, e.g. redis://:PASSWORD@127.0.0.1:6379 (loopback, or a password)
  --listen HOST:PORT  the content endpoint's address (default 127.0.0.1:${DEFAULT_FARM_PORT}; a LAN address
                      such as 192.168.1.10:${DEFAULT_FARM_PORT} lets other machines in)
  --token T           the farm token (default: REELFORGE_FARM_TOKEN, else one generated once and kept
                      in the data folder)
  --port P            the UI's port on 127.0.0.1 (default 0: any free port)
  --data-dir DIR      data folder (default: REELFORGE_DATA_DIR or the desktop app's folder)`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseCli(argv, {
      redis: { type: 'string' }, listen: { type: 'string' }, token: { type: 'string' },
      port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    }, USAGE);
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (!values.redis) throw new UserError('usage', `Give the farm's Redis with --redis redis://HOST:PORT.\n${USAGE}`, '--redis');
    parseRedisUrl(values.redis);
    const listen = values.listen ?? `127.0.0.1:${DEFAULT_FARM_PORT}`;
    parseListen(listen);
    const token = values.token ?? (process.env.REELFORGE_FARM_TOKEN || undefined);
    const port = numberOption(values.port, '--port', 0, 65535) ?? 0;
    return await serveStudio(io, { port, dataDir: values['data-dir'], requireUi: false, farm: { redisUrl: values.redis, listen, ...(token ? { token } : {}) } });
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}
