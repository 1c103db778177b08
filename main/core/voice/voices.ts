/**
 * Voice ids and the voice list. An id is `<engine>:<name>`: `system:en-us` (the OS voice
 * engine; on Linux the name is an espeak-ng language/voice), `openai:alloy`.
 */
import { UserError } from '../errors.js';
import { listOpenAiVoices, OPENAI_VOICES } from './openai-speech.js';
import type { ToolMemo } from '../binaries/tool-memo.js';
import { rememberedSystemVoices } from './remembered-voices.js';
import { defaultSystemVoice, listSystemVoices } from './system-voice.js';
import type { VoiceEngine, VoiceInfo } from './types.js';

export interface ParsedVoiceId {
  engine: VoiceEngine;
  name: string;
}

const HINT = 'run "reelforge voices" to list them';

/** Syntax and engine check (sync). Whether a system voice is installed needs `listVoices`. */
export function parseVoiceId(id: string): ParsedVoiceId {
  const m = /^([a-z]+):(.+)$/s.exec(id.trim());
  if (!m?.[1] || !m[2]) throw new UserError('usage', `Voice "${id}" must look like system:<name> or openai:<voice>: ${HINT}.`, 'voice');
  const engine = m[1];
  const name = m[2].trim();
  if (engine !== 'system' && engine !== 'openai') {
    throw new UserError('usage', `Voice "${id}" uses an unknown engine "${engine}": use system:<name> or openai:<voice> (${HINT}).`, 'voice');
  }
  // A name reaches an engine's command line as an argument value: keep it to plain characters.
  if (!name || name.startsWith('-') || /[\p{Cc}]/u.test(name)) throw new UserError('usage', `Voice "${id}" has an invalid name: ${HINT}.`, 'voice');
  if (engine === 'openai' && !(OPENAI_VOICES as readonly string[]).includes(name)) {
    throw new UserError('usage', `Unknown OpenAI voice "${name}": pick one of ${OPENAI_VOICES.join(', ')}.`, 'voice');
  }
  return { engine, name };
}

/** The voices this machine has, plus OpenAI's when a key is configured. */
export async function listVoices(opts: { apiKey?: string; memo?: ToolMemo } = {}): Promise<VoiceInfo[]> {
  let system: VoiceInfo[];
  try {
    system = await rememberedSystemVoices(opts.memo, () => listSystemVoices());
  } catch (err) {
    // With a key, OpenAI's voices still work on a machine without a system voice engine.
    if (opts.apiKey && err instanceof UserError) return listOpenAiVoices();
    throw err;
  }
  return opts.apiKey ? [...system, ...listOpenAiVoices()] : system;
}

/**
 * The voice to use when none is chosen: the OS voice (free, offline, fast), or with no voice
 * engine installed and a key set, openai:alloy. With neither, the no-engine config error.
 */
export async function resolveDefaultVoice(opts: { apiKey?: string } = {}): Promise<string> {
  try {
    return await defaultSystemVoice();
  } catch (err) {
    if (opts.apiKey && err instanceof UserError && err.kind === 'config') return 'openai:alloy';
    throw err;
  }
}
