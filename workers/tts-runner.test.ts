/**
 * The TTS runner end to end: real espeak-ng (Linux) for system voices, the local
 * OpenAI-compatible server for openai: voices, real files in a temp folder.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeTestServer, fakeEdgeTimings } from '../main/testing/edge-test-server.js';
import { ElevenLabsTestServer, fakeAlignment } from '../main/testing/elevenlabs-test-server.js';
import { OpenAiTestServer } from '../main/testing/openai-test-server.js';
import type { JobProgress, RunnerContext } from '../main/core/pool/protocol.js';
import type { TtsResult } from '../main/core/voice/types.js';
import { parseWav } from '../main/core/voice/wav.js';
import { runTtsJob } from './tts-runner.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'reelforge-tts-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(signal = new AbortController().signal): RunnerContext & { progress: number[] } {
  const progress: number[] = [];
  return { signal, progress, onProgress: (p: JobProgress) => void progress.push(p.fraction) };
}

/** Spans in order, not overlapping, separated by the gap, ending at the file's real duration. */
async function expectValidResult(r: TtsResult, chunks: number, gapMs: number): Promise<void> {
  const wav = parseWav(await readFile(r.wavPath));
  expect(wav.channels).toBe(1);
  expect(wav.bitsPerSample).toBe(16);
  expect(wav.sampleRate).toBe(r.sampleRate);
  expect(wav.durationMs).toBeCloseTo(r.durationMs, 6);
  expect(r.chunks).toHaveLength(chunks);
  expect(r.chunks[0]?.startMs).toBe(0);
  for (let i = 0; i < r.chunks.length; i++) {
    const s = r.chunks[i]!;
    expect(s.endMs).toBeGreaterThan(s.startMs);
    if (i > 0) expect(s.startMs - r.chunks[i - 1]!.endMs).toBeCloseTo(gapMs, 0);
  }
  expect(r.chunks.at(-1)?.endMs).toBeCloseTo(r.durationMs, 6);
  const spoken = r.chunks.reduce((a, s) => a + (s.endMs - s.startMs), 0);
  expect(spoken + gapMs * (chunks - 1)).toBeCloseTo(r.durationMs, 0);
}

describe('runTtsJob with the system voice (espeak-ng)', () => {
  it('speaks hostile-looking text as text: a leading dash, quotes, $(…) and backticks', async () => {
    const chunks = ['Hello there, this is the first line.', '--help -v is just a phrase to read.', 'She said "hi" then $(rm -rf ~) and `whoami` out loud.'];
    const ctx = context();
    const outPath = path.join(dir, 'system.wav');
    const r = await runTtsJob({ voice: 'system:en-us', rate: 1, chunks, outPath, gapMs: 120 }, ctx);
    expect(r.wavPath).toBe(outPath);
    expect(r.sampleRate).toBe(22050);
    expect(r.characters).toBe(chunks.join('').length);
    await expectValidResult(r, 3, 120);
    // Each chunk was really spoken (a dash-led chunk parsed as options would be near-silent or fail).
    for (const s of r.chunks) expect(s.endMs - s.startMs).toBeGreaterThan(800);
    expect(ctx.progress).toEqual([1 / 3, 2 / 3, 1]);
    // Only the result is left: no chunk files, no partial file.
    expect(await readdir(dir)).toEqual(['system.wav']);
  });

  it('rejects an empty script and an openai: voice without credentials before doing any work', async () => {
    await expect(runTtsJob({ voice: 'system:en-us', rate: 1, chunks: [], outPath: path.join(dir, 'x.wav'), gapMs: 0 }, context())).rejects.toMatchObject({ kind: 'input' });
    await expect(runTtsJob({ voice: 'openai:alloy', rate: 1, chunks: ['hi'], outPath: path.join(dir, 'x.wav'), gapMs: 0 }, context())).rejects.toMatchObject({ kind: 'config', subject: 'voice' });
  });

  it('cancelling stops the engine and writes nothing', async () => {
    const ac = new AbortController();
    const ctx: RunnerContext = { signal: ac.signal, onProgress: () => ac.abort() };
    const long = 'This sentence is long enough to keep the engine busy for a little while. '.repeat(20);
    const sub = await mkdtemp(path.join(dir, 'cancel-'));
    const outPath = path.join(sub, 'cancelled.wav');
    await expect(runTtsJob({ voice: 'system:en-us', rate: 1, chunks: ['Short first.', long, long, long], outPath, gapMs: 100 }, ctx)).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await readdir(sub)).toEqual([]);
  });
});

describe('runTtsJob with an openai: voice (OpenAI-compatible test server)', () => {
  it('synthesises each chunk through the speech endpoint and joins them with exact spans', async () => {
    const server = new OpenAiTestServer();
    const { url, close } = await server.start();
    try {
      const chunks = ['First chunk of speech.', 'A second, somewhat longer chunk of speech.', 'Third.'];
      const ctx = context();
      const r = await runTtsJob(
        { voice: 'openai:coral', rate: 1, chunks, outPath: path.join(dir, 'openai.wav'), gapMs: 80, openai: { apiKey: 'sk-tts-key', baseURL: url, model: 'gpt-4o-mini-tts' } },
        ctx,
      );
      expect(server.count('speech')).toBe(3);
      expect(server.requests.every((q) => q.authorization === 'Bearer sk-tts-key')).toBe(true);
      expect(server.requests.map((q) => (q.body as { input: string }).input).sort()).toEqual([...chunks].sort());
      expect(r.sampleRate).toBe(24_000);
      await expectValidResult(r, 3, 80);
      // The server speaks 15 ms per character; trimming keeps at most 30 ms of margin.
      chunks.forEach((c, i) => expect(Math.abs(r.chunks[i]!.endMs - r.chunks[i]!.startMs - c.length * 15)).toBeLessThan(5));
      expect(ctx.progress.at(-1)).toBe(1);
    } finally {
      await close();
    }
  });

  it('retries a rate-limited chunk and fails the job cleanly on a refused key', async () => {
    const server = new OpenAiTestServer();
    const { url, close } = await server.start();
    try {
      const openai = { apiKey: 'sk-tts-key', baseURL: url, model: 'tts-1' };
      server.failNext('speech', { status: 429, retryAfter: 0 });
      const ok = await runTtsJob({ voice: 'openai:alloy', rate: 1, chunks: ['Only one chunk.'], outPath: path.join(dir, 'retry.wav'), gapMs: 0, openai }, context());
      expect(ok.chunks).toHaveLength(1);
      expect(server.count('speech')).toBe(2);

      server.failNext('speech', { status: 401 });
      const err = await runTtsJob({ voice: 'openai:alloy', rate: 1, chunks: ['Denied.'], outPath: path.join(dir, 'denied.wav'), gapMs: 0, openai }, context()).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'provider', message: expect.stringContaining('check the API key') as unknown });
      expect(String((err as Error).message)).not.toContain('sk-tts-key');
    } finally {
      await close();
    }
  });

  it('brings a chunk in another format (16 kHz float WAV) to the common format with ffmpeg', async () => {
    const server = new OpenAiTestServer();
    const { url, close } = await server.start();
    try {
      server.failNext('speech', { status: 200, body: floatWav(16_000, 400) });
      const chunks = ['One plain chunk here.', 'Another plain chunk.'];
      const r = await runTtsJob(
        { voice: 'openai:echo', rate: 1, chunks, outPath: path.join(dir, 'mixed.wav'), gapMs: 50, openai: { apiKey: 'sk-x', baseURL: url, model: 'tts-1' } },
        context(),
      );
      await expectValidResult(r, 2, 50);
      // Whichever chunk got the odd answer, every span keeps its own length after conversion.
      const odd = chunks.indexOf((server.requests[0]?.body as { input: string }).input);
      chunks.forEach((c, i) => {
        const expected = i === odd ? 400 : c.length * 15;
        expect(Math.abs(r.chunks[i]!.endMs - r.chunks[i]!.startMs - expected)).toBeLessThan(8);
      });
    } finally {
      await close();
    }
  });
});

describe('runTtsJob with engines that report word timings', () => {
  it('edge: places every WordBoundary on the joined timeline, on the script’s own words', async () => {
    const server = new EdgeTestServer();
    const { url, close } = await server.start();
    try {
      const chunks = ['Why do cats purr?', 'Nobody — really — knows.'];
      const r = await runTtsJob({ voice: 'edge:en-US-AvaMultilingualNeural', rate: 1, chunks, outPath: path.join(dir, 'edge.wav'), gapMs: 120, edge: { baseURL: url } }, context());
      await expectValidResult(r, 2, 120);
      expect(r.sampleRate).toBe(24_000);
      chunks.forEach((text, i) => {
        const words = r.words?.[i];
        const timings = fakeEdgeTimings(text);
        expect(words?.map((w) => w.text)).toEqual(text.split(' '));
        // The engine's spacing survives exactly; the dashes it never spoke sit in the gaps.
        const spoken = words?.filter((w) => w.text !== '—') ?? [];
        const first = spoken[0]?.startMs ?? 0;
        const expected = timings.filter((t) => t.text !== '—').map((t) => t.offsetMs - (timings[0]?.offsetMs ?? 0));
        spoken.forEach((w, k) => expect(w.startMs - first).toBeCloseTo(expected[k] ?? NaN, 6));
        expect(first).toBeGreaterThanOrEqual(r.chunks[i]!.startMs - 60);
      });
      expect(await readdir(dir)).not.toContain(expect.stringMatching(/\.mp3/));
    } finally {
      await close();
    }
  });

  it('elevenlabs: words from the character alignment, cost counted per character', async () => {
    const server = new ElevenLabsTestServer();
    const { url, close } = await server.start();
    try {
      const chunks = ['Cats purr,', 'mostly when content.'];
      const r = await runTtsJob({ voice: 'elevenlabs:21m00Tcm4TlvDq8ikWAM', rate: 1, chunks, outPath: path.join(dir, 'eleven.wav'), gapMs: 100, elevenlabs: { apiKey: 'el-test-key', baseURL: url, model: 'eleven_multilingual_v2' } }, context());
      await expectValidResult(r, 2, 100);
      expect(r.characters).toBe(chunks.join('').length);
      chunks.forEach((text, i) => {
        const a = fakeAlignment(text);
        const words = r.words?.[i] ?? [];
        expect(words.map((w) => w.text)).toEqual(text.split(' '));
        expect((words[1]?.startMs ?? 0) - (words[0]?.startMs ?? 0)).toBeCloseTo(Math.round(((a.character_start_times_seconds[text.indexOf(' ') + 1] ?? 0) - (a.character_start_times_seconds[0] ?? 0)) * 1000), 6);
      });
    } finally {
      await close();
    }
  });

  it('local: a local OpenAI-compatible server, no key needed; estimates (null words) for engines without timings', async () => {
    const server = new OpenAiTestServer();
    const { url, close } = await server.start();
    try {
      const r = await runTtsJob({ voice: 'local:af_bella', rate: 1, chunks: ['Kokoro speaks this.'], outPath: path.join(dir, 'local.wav'), gapMs: 0, local: { baseURL: url, model: 'kokoro' } }, context());
      expect(server.requests.at(-1)?.body).toMatchObject({ model: 'kokoro', voice: 'af_bella', input: 'Kokoro speaks this.' });
      expect(server.requests.at(-1)?.authorization).toBe('Bearer not-needed');
      expect(r.words).toEqual([null]);
      await expect(runTtsJob({ voice: 'local:af_bella', rate: 1, chunks: ['x'], outPath: path.join(dir, 'y.wav'), gapMs: 0 }, context())).rejects.toMatchObject({ kind: 'config', subject: 'speechBaseURL' });
      await expect(runTtsJob({ voice: 'elevenlabs:abc', rate: 1, chunks: ['x'], outPath: path.join(dir, 'y.wav'), gapMs: 0 }, context())).rejects.toMatchObject({ kind: 'config', subject: 'voice' });
    } finally {
      await close();
    }
  });
});

/** A 32-bit float WAV (format 3): not integer PCM, so only ffmpeg can read it. */
function floatWav(rate: number, ms: number): Buffer {
  const frames = Math.round((rate * ms) / 1000);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + frames * 4, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(3, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 4, 28);
  h.writeUInt16LE(4, 32);
  h.writeUInt16LE(32, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(frames * 4, 40);
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) data.writeFloatLE(0.3 * Math.sin((2 * Math.PI * 330 * i) / rate), i * 4);
  return Buffer.concat([h, data]);
}
