/**
 * Microsoft Edge's online neural voices (`edge:<ShortName>`): free, no key, hundreds of voices,
 * with a WordBoundary event per spoken word. This is an unofficial service that Microsoft may
 * change or block at any time; the render falls back to the default voice when it fails.
 *
 * The protocol (speech.config, SSML, binary audio frames, audio.metadata word boundaries,
 * turn.end) is spoken by node-edge-tts (MIT), which asks for word boundaries rather than
 * sentence boundaries (the edge-tts 7.2 pitfall) and writes the word cues next to the audio.
 * Its endpoint is hard-coded, so when a base URL is configured (tests, a relay) a subclass
 * replaces only the connection: the same speech.config goes to the configured host, and
 * everything after it is the library's own code.
 */
import { readFile, rm } from 'node:fs/promises';
import { EdgeTTS } from 'node-edge-tts';
import { CHROMIUM_FULL_VERSION, generateSecMsGecToken, TRUSTED_CLIENT_TOKEN } from 'node-edge-tts/dist/drm.js';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { cancelledError, UserError } from '../errors.js';
import type { TimedWord } from '../media/captions/timing.js';
import { EDGE_VOICE_SNAPSHOT, localeOf, type EdgeVoiceEntry } from './edge-voice-snapshot.js';

export const EDGE_DEFAULT_BASE_URL = 'wss://speech.platform.bing.com';
const SYNTH_PATH = '/consumer/speech/synthesize/readaloud/edge/v1';
const LIST_PATH = '/consumer/speech/synthesize/readaloud/voices/list';
/** The format Edge's readaloud endpoint is known to serve; the runner decodes it with ffmpeg. */
export const EDGE_OUTPUT_FORMAT = 'audio-24khz-48kbitrate-mono-mp3';
/** The voice list is small and rarely changes; a slow answer should not hold up the Voices list. */
const LIST_TIMEOUT_MS = 4000;

export interface EdgeSpeechOptions {
  /** Replaces wss://speech.platform.bing.com, e.g. ws://127.0.0.1:PORT (tests, a relay). */
  baseURL?: string;
  /** Per chunk; Edge answers a sentence in well under a second when it is up. */
  timeoutMs?: number;
}

export interface EdgeSpeech {
  /** MP3 bytes as Edge sent them. */
  audio: Buffer;
  /** One entry per WordBoundary, ms from the start of `audio`; null when Edge sent none (some voices don't). */
  words: TimedWord[] | null;
}

/** SSML prosody rate for a speed factor: 1 → "default", 1.1 → "+10%". */
export function edgeRate(rate: number): string {
  const pct = Math.round((rate - 1) * 100);
  return pct === 0 ? 'default' : `${pct > 0 ? '+' : ''}${pct}%`;
}

function httpBase(base: string): string {
  return base.replace(/^ws(s?):/i, 'http$1:').replace(/\/+$/, '');
}

function tokenQuery(tokenParam: string): string {
  return `${tokenParam}=${TRUSTED_CLIENT_TOKEN}&Sec-MS-GEC=${generateSecMsGecToken()}&Sec-MS-GEC-Version=1-${CHROMIUM_FULL_VERSION}`;
}

/** The speech.config node-edge-tts sends first: word boundaries on, sentence boundaries off. */
function speechConfig(outputFormat: string): string {
  const config = { context: { synthesis: { audio: { metadataoptions: { sentenceBoundaryEnabled: 'false', wordBoundaryEnabled: 'true' }, outputFormat } } } };
  return `Content-Type:application/json; charset=utf-8\r\nPath:speech.config\r\n\r\n${JSON.stringify(config)}`;
}

/** node-edge-tts with a replaceable endpoint; hands each socket it opens to `onSocket`. */
class EdgeClient extends EdgeTTS {
  constructor(
    config: ConstructorParameters<typeof EdgeTTS>[0],
    private readonly endpoint: string | null,
    private readonly onSocket: (ws: WebSocket) => void,
  ) {
    super(config);
  }

  override async _connectWebSocket(): Promise<WebSocket> {
    if (this.endpoint === null) {
      const ws = await super._connectWebSocket();
      this.onSocket(ws);
      return ws;
    }
    const ws = new WebSocket(this.endpoint);
    this.onSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        ws.send(speechConfig(EDGE_OUTPUT_FORMAT));
        resolve();
      });
      ws.on('error', reject); // later errors (a reset mid-stream) end up in the close watcher
    });
    return ws;
  }
}

/**
 * One chunk of speech. `scratch` is a file path the library writes to (it streams to disk);
 * it and its word-cue file are removed before this returns.
 */
export async function synthesizeEdge(voice: string, text: string, rate: number, scratch: string, opts: EdgeSpeechOptions = {}, signal?: AbortSignal): Promise<EdgeSpeech> {
  if (signal?.aborted) throw cancelledError('Speech synthesis');
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const base = opts.baseURL?.replace(/\/+$/, '');
  const endpoint = base && base !== EDGE_DEFAULT_BASE_URL ? `${base}${SYNTH_PATH}?${tokenQuery('TrustedClientToken')}` : null;
  const what = `Edge voice ${voice}`;
  let socket: WebSocket | null = null;
  let fail: (err: UserError) => void = () => undefined;
  const onAbort = (): void => {
    socket?.terminate();
    fail(cancelledError('Speech synthesis'));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  // The library never notices a socket that closes early (it would wait for its timeout):
  // watch every socket it opens.
  const watch = (ws: WebSocket): void => {
    socket = ws;
    // A refused connection closes too (1006): the library reports that one itself.
    let opened = ws.readyState === WebSocket.OPEN;
    ws.once('open', () => (opened = true));
    ws.once('close', (code: number) => {
      if (opened && code !== 1000 && code !== 1005) fail(new UserError('provider', `${what} was cut off (Edge closed the connection, code ${code}) before the audio was complete: try again later or pick another voice.`, 'voice'));
    });
  };
  const client = new EdgeClient(
    { voice, lang: localeOf(voice), outputFormat: EDGE_OUTPUT_FORMAT, saveSubtitles: true, rate: edgeRate(rate), timeout: timeoutMs },
    endpoint,
    watch,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      fail = reject;
      if (signal?.aborted) return onAbort();
      // The library rejects with a bare string on its timeout, and leaves the socket open.
      client.ttsPromise(text, scratch).then(() => resolve(), (err: unknown) => {
        reject(new UserError('provider', `${what} ${err === 'Timed out' ? `did not answer within ${Math.round(timeoutMs / 1000)} s` : `failed (${describe(err)})`}: Edge is an unofficial online service; check the network or pick another voice.`, 'voice'));
      });
    });
    const audio = await readFile(scratch);
    if (audio.length === 0) throw new UserError('provider', `${what} sent no audio: the voice may not exist any more; pick another (reelforge voices).`, 'voice');
    const cues = await readFile(`${scratch}.json`, 'utf8').then((t) => JSON.parse(t) as unknown, () => null);
    return { audio, words: wordsFromCues(cues) };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    (socket as WebSocket | null)?.terminate();
    await Promise.all([rm(scratch, { force: true }), rm(`${scratch}.json`, { force: true })]);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code ?? err.message;
  return String(err);
}

const cueSchema = z.array(z.object({ part: z.string(), start: z.number(), end: z.number() }));

/** Pure: node-edge-tts's word cues → words in ms; null when there are none. */
export function wordsFromCues(cues: unknown): TimedWord[] | null {
  const parsed = cueSchema.safeParse(cues);
  if (!parsed.success || parsed.data.length === 0) return null;
  const words: TimedWord[] = [];
  for (const c of parsed.data) {
    const text = c.part.trim();
    if (!text) continue;
    words.push({ text, startMs: Math.max(0, c.start), endMs: Math.max(c.start, c.end) });
  }
  return words.length > 0 ? words : null;
}

const listSchema = z.array(z.object({ ShortName: z.string().regex(/^[A-Za-z0-9-]+$/), Gender: z.string().optional(), Locale: z.string().optional() }).loose());

export interface EdgeVoiceList {
  voices: readonly EdgeVoiceEntry[];
  /** 'online' from Edge's list endpoint, 'snapshot' from the bundled list when it can't be reached. */
  source: 'online' | 'snapshot';
}

let listed: Promise<EdgeVoiceList> | null = null;

/** Forget the fetched list (tests; a long-running app refreshes on restart). */
export function resetEdgeVoiceCache(): void {
  listed = null;
}

/** Edge's current voices, fetched once per process; the bundled snapshot when the endpoint fails. */
export function listEdgeVoices(opts: EdgeSpeechOptions = {}): Promise<EdgeVoiceList> {
  listed ??= (async (): Promise<EdgeVoiceList> => {
    const url = `${httpBase(opts.baseURL ?? EDGE_DEFAULT_BASE_URL)}${LIST_PATH}?${tokenQuery('trustedclienttoken')}`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(LIST_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const parsed = listSchema.parse(await res.json());
      const voices = parsed.map((v) => ({ shortName: v.ShortName, gender: /^m/i.test(v.Gender ?? '') ? 'male' as const : 'female' as const, locale: v.Locale ?? localeOf(v.ShortName) }));
      if (voices.length === 0) throw new Error('empty list');
      return { voices, source: 'online' };
    } catch {
      return { voices: EDGE_VOICE_SNAPSHOT, source: 'snapshot' };
    }
  })();
  return listed;
}
