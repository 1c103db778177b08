/**
 * Voice ids and the voice list. An id is `<engine>:<name>`: `system:en-us` (the OS voice
 * engine; on Linux the name is an espeak-ng language/voice), `openai:alloy`,
 * `edge:en-US-AvaMultilingualNeural`, `elevenlabs:<voice_id>`, `local:<voice>`.
 */
import { UserError } from '../errors.js';
import type { EdgeSpeechOptions } from './edge-speech.js';
import type { ElevenLabsOptions } from './elevenlabs-speech.js';
import type { LocalSpeechOptions } from './local-speech.js';
import { listOpenAiVoices, OPENAI_VOICES } from './openai-speech.js';
import type { ToolMemo } from '../binaries/tool-memo.js';
import { rememberedSystemVoices } from './remembered-voices.js';
import { defaultSystemVoice, listSystemVoices, resetSystemVoiceCache } from './system-voice.js';
import type { OpenAiSpeechOptions, VoiceEngine, VoiceInfo } from './types.js';

export interface ParsedVoiceId {
  engine: VoiceEngine;
  name: string;
}

/** The engines this run can use: each is present only when configured (a key, a server URL). */
export interface VoiceEngines {
  openai?: OpenAiSpeechOptions;
  elevenlabs?: ElevenLabsOptions;
  local?: LocalSpeechOptions;
  /** Edge needs nothing but the network; a base URL replaces Edge's host (tests, a relay). */
  edge?: EdgeSpeechOptions;
}

const HINT = 'run "reelforge voices" to list them';
const ENGINES: readonly VoiceEngine[] = ['system', 'openai', 'edge', 'elevenlabs', 'local'];
const SHAPE = 'system:<name>, edge:<ShortName>, openai:<voice>, elevenlabs:<voice_id> or local:<voice>';

/** Syntax and engine check (sync). Whether a voice exists needs `listVoices`. */
export function parseVoiceId(id: string): ParsedVoiceId {
  const m = /^([a-z]+):(.+)$/s.exec(id.trim());
  if (!m?.[1] || !m[2]) throw new UserError('usage', `Voice "${id}" must look like ${SHAPE}: ${HINT}.`, 'voice');
  const engine = m[1] as VoiceEngine;
  const name = m[2].trim();
  if (!ENGINES.includes(engine)) throw new UserError('usage', `Voice "${id}" uses an unknown engine "${m[1]}": use ${SHAPE} (${HINT}).`, 'voice');
  // A name reaches an engine's command line, a URL path or SSML: keep it to plain characters.
  if (!name || name.startsWith('-') || /[\p{Cc}]/u.test(name)) throw new UserError('usage', `Voice "${id}" has an invalid name: ${HINT}.`, 'voice');
  if (engine === 'openai' && !(OPENAI_VOICES as readonly string[]).includes(name)) {
    throw new UserError('usage', `Unknown OpenAI voice "${name}": pick one of ${OPENAI_VOICES.join(', ')}.`, 'voice');
  }
  if (engine === 'edge' && !/^[A-Za-z0-9-]+$/.test(name)) throw new UserError('usage', `Edge voice "${name}" must be a ShortName such as en-US-AvaMultilingualNeural: ${HINT}.`, 'voice');
  if (engine === 'elevenlabs' && !/^[A-Za-z0-9_-]+$/.test(name)) throw new UserError('usage', `ElevenLabs voice "${name}" must be a voice_id such as 21m00Tcm4TlvDq8ikWAM: ${HINT}.`, 'voice');
  return { engine, name };
}

export interface VoiceListing {
  voices: VoiceInfo[];
  /** One line per engine that could not list its voices (and what to do), for the CLI and the app. */
  notes: string[];
}

/**
 * Every engine's voices: the system's (one function, listSystemVoices), Edge's (online list or
 * the bundled snapshot), and OpenAI's, ElevenLabs' and the local server's when configured. One
 * engine failing never hides the others.
 */
export async function listAllVoices(engines: VoiceEngines = {}, memo?: ToolMemo): Promise<VoiceListing> {
  const notes: string[] = [];
  // The online engines' clients (ws, zod) load when voices are listed, not at start-up.
  const [{ listEdgeVoices }, { listElevenLabsVoices }, { listLocalVoices }] = await Promise.all([import('./edge-speech.js'), import('./elevenlabs-speech.js'), import('./local-speech.js')]);
  const system = rememberedSystemVoices(memo, () => listSystemVoices()).catch((err: unknown) => {
    notes.push(err instanceof UserError ? err.message : `System voices could not be listed: ${String(err)}`);
    return [] as VoiceInfo[];
  });
  const edge = listEdgeVoices(engines.edge).then((l) => {
    if (l.source === 'snapshot') notes.push('Edge voices: the online list could not be reached; showing the bundled list (Edge needs the network to speak).');
    return l.voices.map((v): VoiceInfo => ({ id: `edge:${v.shortName}`, engine: 'edge', name: v.shortName.slice(v.locale.length + 1).replace(/Neural$/, '').replace(/Multilingual/, ' Multilingual'), language: v.locale, gender: v.gender }));
  });
  const elevenlabs = engines.elevenlabs
    ? listElevenLabsVoices(engines.elevenlabs).catch((err: unknown) => {
      notes.push(`ElevenLabs voices could not be listed: ${err instanceof Error ? err.message : String(err)}`);
      return [] as VoiceInfo[];
    })
    : Promise.resolve([] as VoiceInfo[]);
  const local = engines.local
    ? listLocalVoices(engines.local).then((l) => {
      if (l === null) notes.push(`The speech server at ${engines.local?.baseURL} has no voice list: use local:<voice> with a voice it knows.`);
      return l ?? [];
    }, (err: unknown) => {
      notes.push(`The speech server at ${engines.local?.baseURL} could not be reached (${err instanceof Error ? err.message : String(err)}): start it or change speechBaseURL.`);
      return [] as VoiceInfo[];
    })
    : Promise.resolve([] as VoiceInfo[]);
  const lists = await Promise.all([system, edge, engines.openai ? listOpenAiVoices() : [], elevenlabs, local]);
  return { voices: lists.flat(), notes };
}

/** The voices of every configured engine (see listAllVoices). */
export async function listVoices(engines: VoiceEngines = {}, memo?: ToolMemo): Promise<VoiceInfo[]> {
  return (await listAllVoices(engines, memo)).voices;
}

/**
 * Can this voice be used now? Syntax, the engine's configuration, and (where the engine lists
 * its voices) that the voice exists. A local server without a list takes any name.
 */
export async function checkVoice(id: string, engines: VoiceEngines, memo?: ToolMemo): Promise<void> {
  const { engine, name } = parseVoiceId(id);
  if (engine === 'openai') {
    if (!engines.openai) throw new UserError('config', `Voice ${id} needs an OpenAI API key: set OPENAI_API_KEY (or the key in Settings) or pick another voice (${HINT}).`, 'voice');
    return;
  }
  if (engine === 'elevenlabs' && !engines.elevenlabs) {
    throw new UserError('config', `Voice ${id} needs an ElevenLabs API key: save one in Settings (ElevenLabs voices), set ELEVENLABS_API_KEY, or pick another voice (${HINT}).`, 'voice');
  }
  if (engine === 'local' && !engines.local) {
    throw new UserError('config', `Voice ${id} needs a local speech server: set speechBaseURL (reelforge config set speechBaseURL http://127.0.0.1:8880/v1) or OPENAI_TTS_BASE_URL.`, 'speechBaseURL');
  }
  let voices: VoiceInfo[];
  if (engine === 'system') {
    voices = await rememberedSystemVoices(memo, () => listSystemVoices());
    if (memo && !voices.some((v) => v.id === id)) {
      // The remembered list may predate a voice the user just installed: ask the engine itself.
      resetSystemVoiceCache();
      voices = await rememberedSystemVoices(memo.refreshing(), () => listSystemVoices());
    }
  }
  else if (engine === 'edge') voices = (await (await import('./edge-speech.js')).listEdgeVoices(engines.edge)).voices.map((v) => ({ id: `edge:${v.shortName}`, engine: 'edge', name: v.shortName }));
  else if (engine === 'elevenlabs') voices = await (await import('./elevenlabs-speech.js')).listElevenLabsVoices(engines.elevenlabs as ElevenLabsOptions);
  else {
    let listed: VoiceInfo[] | null;
    try {
      listed = await (await import('./local-speech.js')).listLocalVoices(engines.local as LocalSpeechOptions);
    } catch (err) {
      throw new UserError('config', `The speech server at ${engines.local?.baseURL} could not be reached (${err instanceof Error ? err.message : String(err)}): start it or change speechBaseURL.`, 'speechBaseURL');
    }
    if (listed === null) return;
    voices = listed;
  }
  if (!voices.some((v) => v.id === id)) {
    const sample = voices.filter((v) => v.engine === engine).slice(0, 4).map((v) => v.id).join(', ');
    throw new UserError('usage', `Unknown voice "${id}" (${name} is not one of the ${engine} voices): ${HINT}${sample ? ` (e.g. ${sample})` : ''}.`, 'voice');
  }
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
