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
import { isUserError } from '../core/errors.js';
import { defaultDataDir, projectRoot } from '../core/paths.js';
import { Studio } from '../core/studio/studio.js';
import { loadSavedEngineOptions } from '../core/settings/engine-options.js';
import { keyFileStore, PEXELS_SECRET, PIXABAY_SECRET } from '../host/key-file.js';
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
  let engine: Engine | undefined;
  let studio: Studio | undefined;
  try {
    const { values } = parseCli(argv, { port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    if (values.help) {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    const port = numberOption(values.port, '--port', 0, 65535) ?? 0;
    const renderer = rendererDir();
    if (!existsSync(path.join(renderer, 'index.html'))) {
      io.stderr.write(`reelforge: the renderer is not built (no ${path.join(renderer, 'index.html')}): run "npm run build".\n`);
      return EXIT_USAGE;
    }
    const log = (line: string) => io.stderr.write(`${line}\n`);
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const secrets = keyFileStore(dataDir);
    const savedKey = secrets.get();
    const engineOptions = cliEngineOptions(dataDir, { ...(await loadSavedEngineOptions(dataDir, { apiKeySet: savedKey !== null || Boolean(process.env.OPENAI_API_KEY), warn: log })), log, warn: log });
    if (savedKey !== null) engineOptions.apiKey = savedKey;
    // Shots (#11): stock keys saved in Settings, else from the environment.
    const stockSecrets = { pexels: keyFileStore(dataDir, process.env, PEXELS_SECRET), pixabay: keyFileStore(dataDir, process.env, PIXABAY_SECRET) };
    const pexels = stockSecrets.pexels.get();
    const pixabay = stockSecrets.pixabay.get();
    engineOptions.stockKeys = { ...(pexels ? { pexels } : {}), ...(pixabay ? { pixabay } : {}) };

    engine = await Engine.open(engineOptions);
    studio = new Studio({
      engine, dataDir, host: 'web', fileUrl: (abs: string) => dataFileUrl(dataDir, abs), secrets, stockSecrets,
      ...(process.env.OPENAI_API_KEY ? { envApiKey: process.env.OPENAI_API_KEY } : {}),
    });
    const host = await startWebHost({ dataDir, port, handlers: studio, rendererDir: renderer, log });
    // Listening from here on; until then the default handlers end the process. After the first
    // signal the listeners are removed, so a second Ctrl+C still force-quits a stuck shutdown.
    const signal = waitForSignal();
    io.stdout.write(`Reelforge is serving on ${host.url}\n`);
    io.stderr.write(`Data folder: ${dataDir}\nPress Ctrl+C to stop.\n`);

    const received = await signal.promise;
    signal.dispose();
    io.stderr.write(`Stopping (${received})…\n`);
    await host.close();
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
