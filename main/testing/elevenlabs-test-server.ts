/**
 * A small, honest ElevenLabs-like server on 127.0.0.1: the with-timestamps text-to-speech
 * route answers real 24 kHz PCM (base64) with the per-character alignment of that very audio
 * (a tone while a letter is "spoken", silence for spaces), and /v1/voices lists voices.
 * It checks the xi-api-key header like the real API; faults are scripted per request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ElevenLabsRequest {
  route: 'tts' | 'voices';
  voiceId: string | null;
  query: Record<string, string>;
  apiKey: string | undefined;
  body: unknown;
}

export interface ElevenLabsFault {
  status: number;
  retryAfter?: number;
}

export interface CharacterAlignment {
  characters: string[];
  character_start_times_seconds: number[];
  character_end_times_seconds: number[];
}

const RATE = 24_000;
const LEAD_S = 0.05;

/** Pure: when each character of `text` is spoken in this server's audio. */
export function fakeAlignment(text: string): CharacterAlignment {
  const characters = Array.from(text);
  const starts: number[] = [];
  const ends: number[] = [];
  let t = LEAD_S;
  for (const c of characters) {
    const d = /\s/.test(c) ? 0.05 : /[.,!?;:]/.test(c) ? 0.02 : 0.065;
    starts.push(Math.round(t * 1000) / 1000);
    t += d;
    ends.push(Math.round(t * 1000) / 1000);
  }
  return { characters, character_start_times_seconds: starts, character_end_times_seconds: ends };
}

function pcmFor(a: CharacterAlignment): Buffer {
  const total = (a.character_end_times_seconds.at(-1) ?? 0) + LEAD_S;
  const pcm = Buffer.alloc(Math.round(total * RATE) * 2);
  a.characters.forEach((c, i) => {
    if (/\s/.test(c)) return;
    const from = Math.round((a.character_start_times_seconds[i] ?? 0) * RATE);
    const to = Math.round((a.character_end_times_seconds[i] ?? 0) * RATE);
    for (let s = from; s < to; s++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 200 * s) / RATE)), s * 2);
  });
  return pcm;
}

export class ElevenLabsTestServer {
  readonly requests: ElevenLabsRequest[] = [];
  readonly faults: ElevenLabsFault[] = [];
  constructor(readonly apiKey = 'el-test-key') {}

  async start(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await new Promise<string>((resolve) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    });
    const tts = /^\/v1\/text-to-speech\/([^/]+)\/with-timestamps$/.exec(url.pathname);
    const route = req.method === 'POST' && tts ? 'tts' : req.method === 'GET' && url.pathname === '/v1/voices' ? 'voices' : null;
    if (route === null) return json(res, 404, { detail: { status: 'not_found', message: 'Not found' } });
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return json(res, 400, { detail: { status: 'invalid_json', message: 'Body is not JSON' } });
    }
    const apiKey = req.headers['xi-api-key'] as string | undefined;
    this.requests.push({ route, voiceId: tts?.[1] ? decodeURIComponent(tts[1]) : null, query: Object.fromEntries(url.searchParams), apiKey, body });
    if (apiKey !== this.apiKey) return json(res, 401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
    const fault = this.faults.shift();
    if (fault) return json(res, fault.status, { detail: { status: 'test_fault', message: `Scripted ${fault.status}` } }, fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
    if (route === 'voices') {
      return json(res, 200, { voices: [
        { voice_id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel', category: 'premade', labels: { accent: 'american', gender: 'female', age: 'young', use_case: 'narration' } },
        { voice_id: 'pNInz6obpgDQGcFmaJgB', name: 'Adam', category: 'premade', labels: { accent: 'american', gender: 'male', age: 'middle aged' } },
      ] });
    }
    const b = (body ?? {}) as { text?: unknown; model_id?: unknown };
    if (typeof b.text !== 'string' || b.text.trim() === '') return json(res, 422, { detail: [{ loc: ['body', 'text'], msg: 'field required' }] });
    if (url.searchParams.get('output_format') !== 'pcm_24000') return json(res, 400, { detail: { status: 'invalid_output_format', message: 'This test server only produces pcm_24000' } });
    const alignment = fakeAlignment(b.text);
    return json(res, 200, { audio_base64: pcmFor(alignment).toString('base64'), alignment, normalized_alignment: alignment });
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
