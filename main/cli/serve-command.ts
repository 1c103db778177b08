/**
 * `reelforge serve [--port P] [--data-dir DIR]`: the desktop UI in a browser, on 127.0.0.1.
 *
 * The first line of stdout is always `Reelforge is serving on <url with token>` — the e2e
 * fixture and scripts read it — and everything after goes to stderr. SIGINT/SIGTERM close the
 * web host, then the engine (which kills its workers and their ffmpeg children), then exit 0.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../core/engine.js';
import { isUserError, UserError } from '../core/errors.js';
import { defaultDataDir, projectRoot } from '../core/paths.js';
import { Studio } from '../core/studio/studio.js';
import { startupEngineOptions } from '../core/settings/engine-options.js';
import { keyFileStore, serviceKeyFiles } from '../host/key-file.js';
import { newToken } from '../web/auth.js';
import { dataFileUrl, startWebHost } from '../web/server.js';
import { numberOption, parseCli } from './args.js';
import { cliEngineOptions } from './engine-options.js';
import { errorLine, EXIT_OK, EXIT_USAGE, exitCodeFor, type CliIo } from './io.js';

const USAGE = `usage: reelforge serve [--port P] [--data-dir DIR]

  Serves the Reelforge studio to a browser on this machine (127.0.0.1 only).
  Open the printed URL: it carries the access token.

  --port P        port to listen on (default 0: any free port)
  --data-dir DIR  data folder (default: REELFORGE_DATA_DIR or the desktop app's folder)
`;

/** The built renderer: REELFORGE_RENDERER_DIR, else <project>/out/renderer. */
function rendererDir(): string {
  return process.env.REELFORGE_RENDERER_DIR ?? path.join(projectRoot(), 'out', 'renderer');
}

function waitForSignal(): { promise: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (s: NodeJS.Signals) => void = () => {};
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    promise,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseCli(argv, { port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    if (values.help) {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    const port = numberOption(values.port, '--port', 0, 65535) ?? 0;
    return await serveStudio(io, { port, dataDir: values['data-dir'], requireUi: true });
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}

export interface ServeOptions {
  port: number;
  dataDir: string | undefined;
  /** serve: without the built renderer there is nothing to serve (exit 2). farm: run headless. */
  requireUi: boolean;
  /** `reelforge farm`: the farm as given on the command line. */
  farm?: { redisUrl: string; listen: string; token?: string };
}

/**
 * The Studio over the engine, served to a browser on 127.0.0.1 (when the renderer is built),
 * until SIGINT/SIGTERM. Shared by `serve` and `farm` (which adds the render farm's controller).
 */
export async function serveStudio(io: CliIo, o: ServeOptions): Promise<number> {
  let engine: Engine | undefined;
  let studio: Studio | undefined;
  try {
    const renderer = rendererDir();
    const hasUi = existsSync(path.join(renderer, 'index.html'));
    if (!hasUi && o.requireUi) {
      io.stderr.write(`reelforge: the renderer is not built (no ${path.join(renderer, 'index.html')}): run "npm run build".\n`);
      return EXIT_USAGE;
    }
    const log = (line: string) => io.stderr.write(`${line}\n`);
    const dataDir = path.resolve(o.dataDir ?? defaultDataDir());
    const secrets = keyFileStore(dataDir);
    // The services' keys (stock sites, ElevenLabs) saved in Settings, else from the environment.
    const serviceKeys = serviceKeyFiles(dataDir);
    const engineOptions = cliEngineOptions(dataDir, { ...(await startupEngineOptions(dataDir, { saved: secrets.get(), warn: log, elevenlabsKey: serviceKeys.elevenlabs.get() })), log, warn: log });

    engine = await Engine.open(engineOptions);
    // Made here so the file URLs the studio hands out are signed with the host's own token.
    const token = newToken();
    studio = new Studio({
      engine, dataDir, host: 'web', fileUrl: (abs: string) => dataFileUrl(dataDir, abs, token), secrets, serviceKeys,
      ...(process.env.OPENAI_API_KEY ? { envApiKey: process.env.OPENAI_API_KEY } : {}),
      ...(o.farm ? { farm: o.farm } : {}),
    });
    const settingsOf = studio;
    const host = hasUi
      ? await startWebHost({
        dataDir, port: o.port, handlers: studio, rendererDir: renderer, token, log,
        maxUploadBytes: async () => (await settingsOf['settings.get']()).uploadMaxBytes,
      })
      : null;
    // Listening from here on; until then the default handlers end the process. After the first
    // signal the listeners are removed, so a second Ctrl+C still force-quits a stuck shutdown.
    const signal = waitForSignal();
    if (host) io.stdout.write(`Reelforge is serving on ${host.url}\n`);
    if (o.farm) {
      await studio.farmReady();
      const status = await studio['farm.status']();
      if (status.state !== 'on') throw new UserError('config', status.error ?? 'The render farm did not start.', '--redis');
      // A restarted controller carries on: interrupted videos re-attach to their farm jobs.
      const resumed = studio.queue.resume();
      if (resumed > 0) io.stderr.write(`Resumed ${resumed} interrupted video(s): they re-attach to their farm jobs.\n`);
      if (!host) io.stdout.write(`Reelforge farm controller is running (no UI: run "npm run build" for one)\n`);
    }
    io.stderr.write(`Data folder: ${dataDir}\nPress Ctrl+C to stop.\n`);

    const received = await signal.promise;
    signal.dispose();
    io.stderr.write(`Stopping (${received})…\n`);
    await host?.close();
    await studio.close();
    await engine.close();
    return EXIT_OK;
  } catch (err) {
    await studio?.close().catch(() => {});
    await engine?.close().catch(() => {});
    io.stderr.write(`${errorLine(err)}\n`);
    if (!isUserError(err) && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return exitCodeFor(err);
  }
}
