/**
 * The `reelforge` command: a thin host over main/core. Each subcommand lives in its own file
 * and returns its exit code (0 ok, 1 a video failed, 2 usage or configuration error).
 */
import { pathToFileURL } from 'node:url';
import { installLastDefence } from '../host/last-defence.js';
import type { CliIo } from './io.js';

const HELP = `Reelforge — short vertical videos from topics, scripts or footage.

usage: reelforge <command> [options]

  render       one video from --topic or --script-file
  batch        many videos from a .txt/.csv/.json file or a folder (--resume to finish one)
  jobs         list batches and jobs
  retry        re-run a job, or --failed
  footage      add | list | search | remove: your clips and stills, matched to each sentence
  cache        stats | prune | clear | verify
  voices       list voices
  backgrounds  list built-in backgrounds
  styles       caption and title styles: list | show NAME | add FILE.json
  brands       brand kits: list | show NAME | add FILE.json
  config       get | set | list settings
  serve        the browser host (the desktop UI in a browser)
  farm         a render farm's controller (queue, UI, content endpoint) on Redis
  worker       one machine of a render farm

Run "reelforge <command> --help" for its options.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  render: async () => (await import('./render-command.js')).main,
  batch: async () => (await import('./batch-command.js')).main,
  jobs: async () => (await import('./jobs-command.js')).main,
  retry: async () => (await import('./retry-command.js')).main,
  config: async () => (await import('./config-command.js')).main,
  serve: async () => (await import('./serve-command.js')).main,
  farm: async () => (await import('./farm-command.js')).main,
  worker: async () => (await import('./worker-command.js')).main,
  cache: async () => (await import('./cache-command.js')).main,
  footage: async () => (await import('./footage-command.js')).main,
  voices: async () => (await import('./list-commands.js')).voicesMain,
  backgrounds: async () => (await import('./list-commands.js')).backgroundsMain,
  styles: async () => (await import('./looks-command.js')).stylesMain,
  brands: async () => (await import('./looks-command.js')).brandsMain,
};

export async function run(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, isTTY: process.stderr.isTTY === true }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout.write('reelforge 0.1.0\n');
    return 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr.write(`reelforge: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  return (await load())(rest, io);
}

/**
 * A reader that goes away (`reelforge render … 2>&1 | head -3`) must not stop the work, nor spin:
 * Node reports the closed pipe as an 'error' on the stream; unhandled, it reached the last
 * defence, whose log line to the same closed pipe failed again, forever, at full CPU. Output to
 * a reader that is gone is dropped; the command carries on and ends as it would have.
 */
function dropOutputToClosedReaders(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    });
  }
}

/**
 * `reelforge` as a process (bin/reelforge.js, or this file run directly): the last line of
 * defence first, so an error escaping one job (a render, a job of `serve`) fails that job and is
 * logged instead of ending the command and every job it runs; then the command.
 */
export async function runProcess(argv: string[]): Promise<void> {
  dropOutputToClosedReaders();
  installLastDefence((line) => void process.stderr.write(`reelforge: ${line}\n`));
  try {
    process.exitCode = await run(argv);
  } catch (err) {
    process.stderr.write(`reelforge: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runProcess(process.argv.slice(2));
