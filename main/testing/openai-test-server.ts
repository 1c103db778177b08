/**
 * A small, honest OpenAI-compatible server on 127.0.0.1 for tests: the real SDK talks to it
 * over real HTTP, so retries, timeouts, cancellation and key handling are exercised end to
 * end. It answers chat completions with valid structured JSON for the schema the client asked
 * for, speech with a real PCM WAV (or raw PCM) whose length scales with the input, and a model
 * list. Faults are scripted per route, one per request, in order. Its script marks keywords and
 * emoji for the captions, as the prompt asks a model to.
 *
 * For footage (#11) it also answers embeddings and chat messages that carry an image. Both are
 * honest stand-ins, not models: an embedding is a sum of fixed pseudo-random vectors, one per
 * (stemmed) word of the text, so texts sharing words are close and unrelated texts are not;
 * an image is "described" by naming its dominant colour (ffmpeg averages the picture), or by
 * `describeImage` when a test sets it.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wavHeader } from '../core/voice/wav.js';
import { contentWords, stem } from '../core/words/tokens.js';

export type TestRoute = 'chat' | 'speech' | 'models' | 'voices' | 'transcriptions' | 'embeddings';

export interface Fault {
  /** Answer with this HTTP status (and an OpenAI-style error body unless `body` is given). */
  status?: number;
  /** Retry-After header: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** Response body to send instead of the default one (a Buffer as audio bytes, objects as JSON). */
  body?: unknown;
  /** Wait this long before answering (the socket may be closed meanwhile: see `abortedRequests`). */
  delayMs?: number;
  /** For chat: a 200 whose message content is not valid JSON for the schema. */
  malformed?: boolean;
}

export interface RecordedRequest {
  route: TestRoute;
  /** ms since the server started (monotonic), for ordering and spacing assertions. */
  atMs: number;
  authorization: string | undefined;
  body: unknown;
}

/** Speech output: mono 16-bit PCM at this rate, this long per input character. */
const SPEECH_SAMPLE_RATE = 24_000;
const SPEECH_MS_PER_CHAR = 15;

const ROUTES: Record<string, TestRoute> = {
  'POST /v1/chat/completions': 'chat',
  'POST /v1/audio/speech': 'speech',
  'GET /v1/models': 'models',
  'GET /v1/audio/voices': 'voices',
  'POST /v1/audio/transcriptions': 'transcriptions',
  'POST /v1/embeddings': 'embeddings',
};

/** Dimensions of the fake embeddings. */
export const EMBEDDING_DIMS = 64;

/** What the transcription route answers: a test sets the words spoken in the audio it uploads. */
export interface TestTranscript {
  text: string;
  words: { word: string; start: number; end: number }[];
}

export class OpenAiTestServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose client closed the connection before the answer was sent. */
  abortedRequests = 0;
  /** Sample rate of generated speech; a test can change it to exercise resampling. */
  speechSampleRate = SPEECH_SAMPLE_RATE;
  /** Voices GET /v1/audio/voices lists (Kokoro-FastAPI's shape); null answers 404 like servers without a list. */
  voices: string[] | null = ['af_bella', 'am_adam', 'bf_emma'];
  /** The transcript of the next uploads (the audio itself is checked, not recognised). */
  transcript: TestTranscript = { text: '', words: [] };
  private readonly faults: Record<TestRoute, Fault[]> = { chat: [], speech: [], models: [], voices: [], transcriptions: [], embeddings: [] };
  /** How a picture in a chat message is described (default: its dominant colour). */
  describeImage: (jpeg: Buffer) => string = describeColour;
  private readonly listeners = new Set<() => void>();
  private readonly started = performance.now();

  /** Queue a fault for the next request on `route` (several calls queue several faults). */
  failNext(route: TestRoute, fault: Fault): void {
    this.faults[route].push(fault);
  }

  count(route: TestRoute): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  /** Resolves once `predicate` holds (checked after every request event). */
  waitFor(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (predicate()) {
          this.listeners.delete(check);
          resolve();
        }
      };
      this.listeners.add(check);
    });
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  async start(): Promise<{ url: string; close: () => Promise<void> }> {
    const timers = new Set<NodeJS.Timeout>();
    const server = createServer((req, res) => {
      void this.handle(req, res, timers).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { error: { message: String(err), type: 'server_error' } });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/v1`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const t of timers) clearTimeout(t);
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, timers: Set<NodeJS.Timeout>): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = ROUTES[`${req.method ?? 'GET'} ${url.pathname}`];
    const bytes = await readBytes(req);
    const raw = route === 'transcriptions' ? '' : bytes.toString('utf8');
    if (!route) return send(res, 404, { error: { message: `No route ${req.method} ${url.pathname}`, type: 'invalid_request_error' } });
    let body: unknown = null;
    if (route === 'transcriptions') {
      const form = parseMultipart(bytes, req.headers['content-type'] ?? '');
      if (!form) return send(res, 400, { error: { message: 'Expected multipart/form-data', type: 'invalid_request_error' } });
      body = form;
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, { error: { message: 'Body is not JSON', type: 'invalid_request_error' } });
      }
    }
    this.requests.push({ route, atMs: performance.now() - this.started, authorization: req.headers.authorization, body });
    res.on('close', () => {
      if (!res.writableFinished) {
        this.abortedRequests++;
        this.notify();
      }
    });
    this.notify();

    const fault = this.faults[route].shift();
    if (fault?.delayMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, fault.delayMs);
        timers.add(t);
      });
      if (res.destroyed) return;
    }
    const headers: Record<string, string> = {};
    if (fault?.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    if (fault?.status && fault.status >= 400) {
      return send(res, fault.status, fault.body ?? { error: { message: `Scripted failure ${fault.status}`, type: 'test_fault' } }, headers);
    }
    if (Buffer.isBuffer(fault?.body)) return sendBytes(res, 'application/octet-stream', fault.body);
    if (fault?.body !== undefined) return send(res, fault.status ?? 200, fault.body, headers);

    if (route === 'models') {
      return send(res, 200, { object: 'list', data: ['gpt-4o-mini', 'gpt-4o-mini-tts'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' })) });
    }
    if (route === 'embeddings') return send(res, 200, embeddingsAnswer(body), headers);
    if (route === 'chat') {
      const image = imageOf(body);
      if (image) return send(res, 200, completion((body as { model?: string }).model ?? 'unknown', this.describeImage(image)), headers);
      return send(res, 200, chatAnswer(body, fault?.malformed === true), headers);
    }
    if (route === 'voices') return this.voices ? send(res, 200, { voices: this.voices }) : send(res, 404, { detail: 'Not Found' });
    if (route === 'transcriptions') return this.transcription(res, body as MultipartForm);
    return this.speech(res, body);
  }

  /** Like /v1/audio/transcriptions: word timestamps only with verbose_json and timestamp_granularities[]=word. */
  private transcription(res: ServerResponse, form: MultipartForm): void {
    const file = form.files.file;
    if (!file || file.length < 64) return send(res, 400, { error: { message: 'file is required and must be audio', type: 'invalid_request_error' } });
    if (!form.fields.model?.[0]) return send(res, 400, { error: { message: 'model is required', type: 'invalid_request_error' } });
    const format = form.fields.response_format?.[0] ?? 'json';
    const t = this.transcript;
    if (format !== 'verbose_json') return send(res, 200, { text: t.text });
    const wantWords = (form.fields['timestamp_granularities[]'] ?? []).includes('word');
    const end = t.words.at(-1)?.end ?? 0;
    return send(res, 200, {
      task: 'transcribe', language: 'english', duration: end, text: t.text,
      segments: [{ id: 0, seek: 0, start: t.words[0]?.start ?? 0, end, text: t.text, tokens: [], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.2, no_speech_prob: 0.01 }],
      ...(wantWords ? { words: t.words } : {}),
    });
  }

  private speech(res: ServerResponse, body: unknown): void {
    const b = (body ?? {}) as { input?: unknown; response_format?: unknown; voice?: unknown; model?: unknown };
    if (typeof b.input !== 'string' || typeof b.voice !== 'string' || typeof b.model !== 'string') {
      return send(res, 400, { error: { message: 'model, voice and input are required', type: 'invalid_request_error' } });
    }
    const format = b.response_format ?? 'mp3';
    const pcm = tone(b.input.length * SPEECH_MS_PER_CHAR, this.speechSampleRate);
    // Only the formats this server can produce honestly; the real API also offers mp3, opus, aac, flac.
    if (format === 'pcm') return sendBytes(res, 'audio/pcm', pcm);
    if (format === 'wav') return sendBytes(res, 'audio/wav', Buffer.concat([wavHeader({ sampleRate: this.speechSampleRate, channels: 1, bitsPerSample: 16 }, pcm.length), pcm]));
    return send(res, 400, { error: { message: `response_format ${String(format)} is not supported by the test server`, type: 'invalid_request_error' } });
  }
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

interface MultipartForm {
  fields: Record<string, string[]>;
  files: Record<string, Buffer>;
}

/** Just enough multipart/form-data for the SDK's uploads: named fields and files. */
function parseMultipart(body: Buffer, contentType: string): MultipartForm | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return null;
  const form: MultipartForm = { fields: {}, files: {} };
  const delimiter = Buffer.from(`--${b}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/.exec(head)?.[1];
      if (name !== undefined) {
        if (/filename="/.test(head)) form.files[name] = content;
        else (form.fields[name] ??= []).push(content.toString('utf8'));
      }
    }
    at = next;
  }
  return form;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendBytes(res: ServerResponse, type: string, bytes: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
  res.end(bytes);
}

/** A structured answer shaped by the schema name the client sent (script, background_ideas, virality). */
function chatAnswer(body: unknown, malformed: boolean): unknown {
  const b = (body ?? {}) as { model?: string; response_format?: { json_schema?: { name?: string } }; messages?: { content?: unknown }[] };
  const schemaName = b.response_format?.json_schema?.name ?? '';
  const prompt = (b.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  let value: unknown;
  const revise = /Rewrite it to about (\d+) words/.exec(prompt);
  if (schemaName === 'script' && revise?.[1]) {
    // A revision: the script from the prompt, cut (or repeated) to the word count it asks for.
    const budget = Number(revise[1]);
    const given = prompt.slice(prompt.lastIndexOf('Script:\n') + 8).split('\n').map((l) => l.trim()).filter(Boolean);
    const [hook = 'Why?', ...rest] = given;
    const lines: string[] = [];
    let words = hook.split(' ').length;
    for (let i = 0; words < budget && rest.length > 0 && i < 60; i++) {
      const line = rest[i % rest.length] as string;
      const n = line.split(' ').length;
      if (words + n > budget * 1.1 && lines.length > 0) break;
      lines.push(line);
      words += n;
    }
    const kept = lines.length > 0 ? lines : [rest[0] ?? 'Done.'];
    // Keywords as the prompt asks: one word per sentence, copied as written (here its longest); no emoji.
    const keywords = [hook, ...kept].slice(0, 8).map((l) => l.split(' ').reduce((a, w) => (w.replace(/\W/g, '').length > a.length ? w.replace(/\W/g, '') : a), ''));
    value = { title: 'Revised', hook, lines: kept, hashtags: ['#revised'], keywords, emoji: [] };
  } else if (schemaName === 'script') {
    value = {
      title: 'Why the sky is blue',
      hook: 'Why is the sky blue and not violet?',
      lines: [
        'Sunlight holds every colour of the rainbow.',
        'Air molecules scatter short blue waves far more than red ones.',
        'Violet scatters even more, but our eyes barely see it.',
        'So the whole sky glows blue from every direction.',
        'At sunset the light crosses more air and the blue is gone.',
      ],
      hashtags: ['#science', '#sky', '#physics'],
      // One per sentence at most, copied from the lines; emoji as models write them (with VS16).
      keywords: ['violet', 'rainbow', 'scatter', 'glows', 'sunset'],
      emoji: [{ word: 'Sunlight', emoji: '\u2600\uFE0F' }, { word: 'eyes', emoji: '\u{1F440}' }, { word: 'sunset', emoji: '\u{1F305}' }],
    };
  } else if (schemaName === 'background_ideas') {
    value = { searchTerms: ['blue sky timelapse', 'sunset clouds', 'light prism'], mood: 'calm, bright' };
  } else if (schemaName === 'virality') {
    value = { score: 72, reasons: ['The hook is a question.', 'Lines are short and concrete.'] };
  } else {
    value = { echo: prompt.slice(0, 40) };
  }
  const content = malformed ? '{"title": "Why the sky' : JSON.stringify(value);
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: b.model ?? 'unknown',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 120, completion_tokens: 80, total_tokens: 200 },
  };
}

/** Mono 16-bit PCM: a quiet 220 Hz tone, so silence trimming keeps it. */
function tone(ms: number, rate: number): Buffer {
  const frames = Math.max(1, Math.round((ms / 1000) * rate));
  const buf = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) buf.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / rate)), i * 2);
  return buf;
}

/** The first image_url part of a chat request, decoded from its data: URL. */
function imageOf(body: unknown): Buffer | null {
  const messages = ((body ?? {}) as { messages?: { content?: unknown }[] }).messages ?? [];
  for (const m of messages) {
    if (!Array.isArray(m.content)) continue;
    for (const part of m.content as { type?: string; image_url?: { url?: string } }[]) {
      const url = part.type === 'image_url' ? part.image_url?.url : undefined;
      const match = url ? /^data:image\/[a-z]+;base64,(.+)$/.exec(url) : null;
      if (match) return Buffer.from(match[1] ?? '', 'base64');
    }
  }
  return null;
}

const NAMED_COLOURS: [string, number, number, number][] = [
  ['red', 200, 40, 40], ['green', 40, 180, 70], ['blue', 40, 60, 210], ['yellow', 220, 210, 50], ['black', 10, 10, 10], ['white', 240, 240, 240], ['orange', 230, 130, 30], ['purple', 130, 50, 170],
];

/** "A red scene": the named colour nearest the picture's average. */
export function describeColour(jpeg: Buffer): string {
  const rgb = execFileSync('ffmpeg', ['-v', 'error', '-f', 'image2pipe', '-i', 'pipe:0', '-vf', 'scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { input: jpeg });
  const [r = 0, g = 0, b = 0] = rgb;
  let best = NAMED_COLOURS[0] as [string, number, number, number];
  let d = Infinity;
  for (const c of NAMED_COLOURS) {
    const dist = (c[1] - r) ** 2 + (c[2] - g) ** 2 + (c[3] - b) ** 2;
    if (dist < d) {
      d = dist;
      best = c;
    }
  }
  return `A plain ${best[0]} scene filling the frame.`;
}

/** A fixed pseudo-random unit-ish vector per word stem. */
function wordVector(word: string): number[] {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  const v: number[] = [];
  for (let i = 0; i < EMBEDDING_DIMS; i++) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    v.push((h / 4294967296) * 2 - 1);
  }
  return v;
}

export function fakeEmbedding(text: string): number[] {
  const sum = new Array<number>(EMBEDDING_DIMS).fill(0);
  for (const w of contentWords(text)) wordVector(stem(w)).forEach((x, i) => (sum[i] = (sum[i] ?? 0) + x));
  const norm = Math.sqrt(sum.reduce((a, x) => a + x * x, 0)) || 1;
  return sum.map((x) => x / norm);
}

function embeddingsAnswer(body: unknown): unknown {
  const b = (body ?? {}) as { input?: unknown; model?: string; encoding_format?: string };
  const inputs = Array.isArray(b.input) ? b.input.map(String) : [String(b.input ?? '')];
  // Like the real API: base64 of little-endian float32 when asked (the SDK's default), else numbers.
  const encode = (v: number[]): number[] | string => (b.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v);
  const tokens = inputs.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
  return {
    object: 'list', model: b.model ?? 'unknown',
    data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: encode(fakeEmbedding(t)) })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function completion(model: string, content: string): unknown {
  return {
    id: 'chatcmpl-test', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 85, completion_tokens: 12, total_tokens: 97 },
  };
}

/**
 * A base URL where nothing listens (a port that was free a moment ago): what an OpenAI-compatible
 * server that is down looks like — every request is refused at connect.
 */
export async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
