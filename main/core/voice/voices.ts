import { UserError } from '../errors.js';
import { listOpenAiVoices } from './openai-speech.js';
import { listSystemVoices } from './system-voice.js';
import type { VoiceEngine, VoiceInfo } from './types.js';

export interface ParsedVoiceId {
  engine: VoiceEngine;
  name: string;
}

export function parseVoiceId(id: string): ParsedVoiceId {
  const m = /^(system|openai):(.+)$/.exec(id.trim());
  if (!m?.[1] || !m[2]) {
    throw new UserError('usage', `Voice "${id}" must look like system:<name> or openai:<voice>: run "reelforge voices" to list them.`, 'voice');
  }
  return { engine: m[1] as VoiceEngine, name: m[2] };
}

/** The voices this machine has, plus OpenAI's when a key is configured. */
export async function listVoices(opts: { apiKey?: string } = {}): Promise<VoiceInfo[]> {
  let system: VoiceInfo[];
  try {
    system = await listSystemVoices();
  } catch (err) {
    // With a key, OpenAI's voices still work on a machine without a system voice engine.
    if (opts.apiKey && err instanceof UserError) return listOpenAiVoices();
    throw err;
  }
  return opts.apiKey ? [...system, ...listOpenAiVoices()] : system;
}
