/**
 * A small, honest stand-in for Edge's readaloud service on 127.0.0.1, speaking its real
 * protocol over a real WebSocket: the client's speech.config and SSML text frames in; a
 * turn.start, audio.metadata WordBoundary JSON (Offset/Duration in 100-ns ticks), binary
 * frames (2-byte header length, headers ending Path:audio, then MP3 bytes) and turn.end out.
 * The MP3 is real (ffmpeg encodes it), one tone burst per word at exactly the offsets it
 * reports, so the timings a test checks are the audio's own. It also serves the voice list.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface EdgeRequest {
  /** The query of the WebSocket URL (token, Sec-MS-GEC, ...). */
  query: Record<string, string>;
  config: unknown;
  voice: string;
  lang: string;
  rate: string;
  text: string;
}

export type EdgeFault =
  /** Refuse the WebSocket upgrade with HTTP 403 (what a blocked client sees). */
  | 'refuse'
  /** Close with code 1011 after the first audio frame. */
  | 'drop'
  /** Answer without WordBoundary events (some voices do). */
  | 'no-words';

export interface EdgeWordTiming {
  text: string;
  /** ms from the start of the audio. */
  offsetMs: number;
  durationMs: number;
}

const SAMPLE_RATE = 24_000;
/** Silence before the first word, as Edge's voices leave it. */
const LEAD_MS = 100;
const GAP_MS = 60;

/** Pure: where each word of `text` is spoken in the fake's audio (vowel groups set a word's length). */
export function fakeEdgeTimings(text: string): EdgeWordTiming[] {
  let at = LEAD_MS;
  return text.split(/\s+/).filter(Boolean).map((word) => {
    const syllables = Math.max(1, (word.toLowerCase().match(/[aeiouy]+/g) ?? []).length);
    const durationMs = 90 + 110 * syllables;
    const w = { text: word, offsetMs: at, durationMs };
    at += durationMs + GAP_MS;
    return w;
  });
}

function pcmFor(words: EdgeWordTiming[]): Buffer {
  const last = words.at(-1);
  const totalMs = last ? last.offsetMs + last.durationMs + LEAD_MS : LEAD_MS;
  const pcm = Buffer.alloc(Math.round((totalMs / 1000) * SAMPLE_RATE) * 2);
  for (const w of words) {
    const from = Math.round((w.offsetMs / 1000) * SAMPLE_RATE);
    const to = Math.round(((w.offsetMs + w.durationMs) / 1000) * SAMPLE_RATE);
    for (let i = from; i < to; i++) pcm.writeInt16LE(Math.round(9000 * Math.sin((2 * Math.PI * 180 * i) / SAMPLE_RATE)), i * 2);
  }
  return pcm;
}

function encodeMp3(pcm: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn(process.env.FFMPEG_PATH || 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1', '-i', 'pipe:0', '-c:a', 'libmp3lame', '-b:a', '48k', '-write_xing', '0', '-f', 'mp3', 'pipe:1']);
    const out: Buffer[] = [];
    ffmpeg.stdout.on('data', (d: Buffer) => out.push(d));
    ffmpeg.on('error', reject);
    ffmpeg.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg exit ${String(code)}`))));
    ffmpeg.stdin.end(pcm);
  });
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? '');
}

function textFrame(requestId: string, path: string, body: string): string {
  return `X-RequestId:${requestId}\r\nContent-Type:application/json; charset=utf-8\r\nPath:${path}\r\n\r\n${body}`;
}

function audioFrame(requestId: string, bytes: Buffer): Buffer {
  const headers = Buffer.from(`X-RequestId:${requestId}\r\nContent-Type:audio/mpeg\r\nX-StreamId:${requestId}\r\nPath:audio\r\n`, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(headers.length);
  return Buffer.concat([len, headers, bytes]);
}

export class EdgeTestServer {
  readonly requests: EdgeRequest[] = [];
  /** Voices the fake knows; an unknown one is closed with 1007 as Edge does. */
  voices = ['en-US-AvaMultilingualNeural', 'en-US-AndrewNeural', 'en-GB-SoniaNeural', 'fr-FR-DeniseNeural'];
  /** Faults for the next connections, one per connection, in order. */
  readonly faults: EdgeFault[] = [];
  listRequests = 0;

  async start(): Promise<{ url: string; close: () => Promise<void> }> {
    const http = createServer((req, res) => this.http(req, res));
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      // A client that hangs up (a cancelled synthesis) resets the socket: that is not a server error.
      socket.on('error', () => undefined);
      const fault = this.faults[0];
      if (fault === 'refuse') {
        this.faults.shift();
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.session(ws, req));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    return {
      url: `ws://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const c of wss.clients) c.terminate();
          wss.close();
          http.closeAllConnections();
          http.close(() => resolve());
        }),
    };
  }

  private http(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname.endsWith('/voices/list') && url.searchParams.get('trustedclienttoken')) {
      this.listRequests++;
      const body = JSON.stringify(this.voices.map((v) => ({
        Name: `Microsoft Server Speech Text to Speech Voice (${v.slice(0, 5)}, ${v.slice(6)})`, ShortName: v, Gender: /Andrew/.test(v) ? 'Male' : 'Female',
        Locale: v.slice(0, 5), SuggestedCodec: 'audio-24khz-48kbitrate-mono-mp3', FriendlyName: v, Status: 'GA',
        VoiceTag: { ContentCategories: ['General'], VoicePersonalities: ['Friendly'] },
      })));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  }

  private session(ws: WebSocket, req: IncomingMessage): void {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
    ws.on('error', () => undefined);
    let config: unknown = null;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = data.toString();
      const body = message.slice(message.indexOf('\r\n\r\n') + 4);
      if (message.includes('Path:speech.config')) {
        config = JSON.parse(body) as unknown;
        return;
      }
      if (!message.includes('Path:ssml')) return;
      const voice = /<voice name="([^"]*)"/.exec(body)?.[1] ?? '';
      const lang = /xml:lang="([^"]*)"/.exec(body)?.[1] ?? '';
      const rate = /rate="([^"]*)"/.exec(body)?.[1] ?? '';
      const text = unescapeXml((/<prosody[^>]*>([\s\S]*?)<\/prosody>/.exec(body)?.[1] ?? '').trim());
      this.requests.push({ query, config, voice, lang, rate, text });
      void this.answer(ws, voice, text, config).catch(() => ws.terminate());
    });
  }

  private async answer(ws: WebSocket, voice: string, text: string, config: unknown): Promise<void> {
    if (!this.voices.includes(voice)) {
      ws.close(1007, 'Unsupported voice');
      return;
    }
    const fault = this.faults.shift();
    const id = randomBytes(16).toString('hex');
    const words = fakeEdgeTimings(text);
    const mp3 = await encodeMp3(pcmFor(words));
    ws.send(textFrame(id, 'turn.start', '{"context":{"serviceTag":"test"}}'));
    const metadata = (config as { context?: { synthesis?: { audio?: { metadataoptions?: { wordBoundaryEnabled?: string } } } } } | null)?.context?.synthesis?.audio?.metadataoptions;
    // Like Edge: word events only when the client asked for them.
    if (metadata?.wordBoundaryEnabled === 'true' && fault !== 'no-words') {
      for (const w of words) {
        const event = { Type: 'WordBoundary', Data: { Offset: w.offsetMs * 10_000, Duration: w.durationMs * 10_000, text: { Text: w.text.replace(/[.,!?;:"]+$/g, ''), Length: w.text.length, BoundaryType: 'WordBoundary' } } };
        ws.send(textFrame(id, 'audio.metadata', JSON.stringify({ Metadata: [event] })));
      }
    }
    for (let at = 0; at < mp3.length; at += 4096) {
      ws.send(audioFrame(id, mp3.subarray(at, at + 4096)));
      if (fault === 'drop') {
        ws.close(1011, 'Internal error');
        return;
      }
    }
    ws.send(textFrame(id, 'turn.end', '{}'));
  }
}
