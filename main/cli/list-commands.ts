import { listBuiltinBackgrounds } from '../core/media/backgrounds.js';
import { defaultModels } from '../core/ai/provider-select.js';
import { listAllVoices } from '../core/voice/voices.js';
import { parseCli } from './args.js';
import { EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';

/** `reelforge voices`: the voices this machine has (system) and, with a key, OpenAI's. */
export async function voicesMain(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseCli(argv, { json: { type: 'boolean' } } as const, 'usage: reelforge voices [--json]');
    const key = process.env.OPENAI_API_KEY;
    const { voices, notes } = await listAllVoices(key ? { openai: { apiKey: key, model: defaultModels.speech } } : {});
    if (values.json) writeJsonLine(io, voices);
    else for (const v of voices) io.stdout.write(`${v.id.padEnd(28)} ${v.name}${v.language ? ` (${v.language})` : ''}\n`);
    for (const n of notes) io.stderr.write(`reelforge: note: ${n}\n`);
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}

/** `reelforge backgrounds`: the built-in animated backgrounds. */
export async function backgroundsMain(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseCli(argv, { json: { type: 'boolean' } } as const, 'usage: reelforge backgrounds [--json]');
    const list = listBuiltinBackgrounds();
    if (values.json) writeJsonLine(io, list);
    else for (const b of list) io.stdout.write(`${b.id.padEnd(22)} ${b.description}\n`);
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}
