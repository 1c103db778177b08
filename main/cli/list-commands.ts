import { listBuiltinBackgrounds } from '../core/media/backgrounds.js';
import path from 'node:path';
import { defaultModels } from '../core/ai/provider-select.js';
import { defaultDataDir } from '../core/paths.js';
import { startupEngineOptions } from '../core/settings/engine-options.js';
import { serviceKeyFiles } from '../host/key-file.js';
import { voiceEnginesFor } from '../core/voice/engines-config.js';
import type { VoiceEngine } from '../core/voice/types.js';
import { listAllVoices } from '../core/voice/voices.js';
import { parseCli } from './args.js';
import { EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';

const ENGINE_NAMES: Record<VoiceEngine, string> = { system: 'System', edge: 'Edge (online, free)', openai: 'OpenAI', elevenlabs: 'ElevenLabs', local: 'Local speech server' };

/**
 * `reelforge voices`: every engine's voices — the system's, Edge's, and OpenAI's, ElevenLabs'
 * and the local speech server's when configured — grouped by engine; a note for each engine
 * that could not list its voices.
 */
export async function voicesMain(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseCli(argv, { json: { type: 'boolean' }, engine: { type: 'string' }, 'data-dir': { type: 'string' } } as const, 'usage: reelforge voices [--engine system|edge|openai|elevenlabs|local] [--data-dir DIR] [--json]');
    // The key only where it may go (startupEngineOptions: OPENAI_API_KEY with its own base URL);
    // ElevenLabs' saved in Settings (`reelforge serve`) or ELEVENLABS_API_KEY.
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const saved = await startupEngineOptions(dataDir, { saved: null, elevenlabsKey: serviceKeyFiles(dataDir).elevenlabs.get() });
    const openai = saved.apiKey ? { apiKey: saved.apiKey, model: saved.speechModel ?? defaultModels.speech, ...(saved.baseURL ? { baseURL: saved.baseURL } : {}) } : undefined;
    const { voices: all, notes } = await listAllVoices(voiceEnginesFor(saved.sound ?? {}, openai));
    const voices = values.engine ? all.filter((v) => v.engine === values.engine) : all;
    if (values.json) writeJsonLine(io, voices);
    else {
      let engine: string | null = null;
      for (const v of voices) {
        if (v.engine !== engine) {
          engine = v.engine;
          io.stdout.write(`${engine === 'system' ? '' : '\n'}${ENGINE_NAMES[v.engine]}\n`);
        }
        const detail = [v.language, v.gender].filter(Boolean).join(', ');
        io.stdout.write(`  ${v.id.padEnd(40)} ${v.name}${detail ? ` (${detail})` : ''}\n`);
      }
    }
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
