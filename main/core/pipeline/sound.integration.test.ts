/**
 * Sound a creator would post, on real renders (real espeak-ng, ffmpeg, workers, SQLite; Edge
 * and ElevenLabs through local servers speaking their real protocols): loudness at −14 ± 0.5
 * LUFS with the true peak under −1 dBTP measured on the MP4s, the length asked for within
 * 15 %, music from a folder under the voice, engine word timings in the captions, the Edge
 * fallback, and a voice-over whose captions land on the recording's sentences.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { chunkScript } from '../media/captions/chunk.js';
import { measureLoudness } from '../media/loudness/measure.js';
import { EdgeTestServer, fakeEdgeTimings } from '../../testing/edge-test-server.js';
import { ElevenLabsTestServer } from '../../testing/elevenlabs-test-server.js';
import { tempDir } from '../../testing/media-fixtures.js';
import { OpenAiTestServer } from '../../testing/openai-test-server.js';
import type { RenderManifest } from './types.js';
import { concatWav, parseWav, trimSilence, type ParsedWav } from '../voice/wav.js';
import { readFile } from 'node:fs/promises';

const run = promisify(execFile);
const SMALL = { size: { width: 180, height: 320 }, quality: 'draft' as const };
const FRAME_MS = 1000 / 30;

let dir: string;
let engine: Engine;
const servers: { close: () => Promise<void> }[] = [];
let edge: EdgeTestServer;
let openai: OpenAiTestServer;
let openaiUrl: string;

beforeAll(async () => {
  dir = await tempDir('reelforge-sound-');
  edge = new EdgeTestServer();
  const e = await edge.start();
  const eleven = new ElevenLabsTestServer();
  const el = await eleven.start();
  openai = new OpenAiTestServer();
  const o = await openai.start();
  openaiUrl = o.url;
  servers.push(e, el, o);
  engine = await Engine.open({
    dataDir: path.join(dir, 'data'), workers: 2, provider: 'offline',
    sound: { edgeBaseURL: e.url, elevenlabsApiKey: 'el-test-key', elevenlabsBaseURL: el.url, transcribeBaseURL: o.url, transcribeModel: 'whisper-1' },
  });
});

afterAll(async () => {
  await engine.close();
  for (const s of servers) await s.close();
});

async function outputLoudness(m: RenderManifest): Promise<{ integratedLufs: number; truePeakDb: number }> {
  return measureLoudness('ffmpeg', { inputs: [{ source: m.outputs.mp4, options: [] }], filter: '[0:a]anull[out]' });
}

/** When each word of the captions is highlighted: the start of every Dialogue event that recolours a word. */
async function captionStarts(m: RenderManifest): Promise<number[]> {
  const key = m.stages.find((s) => s.stage === 'captions')?.key ?? '';
  const ass = engine.cache.getJson<{ ass: string }>(key)?.value.ass ?? '';
  return [...ass.matchAll(/^Dialogue: 0,(\d+):(\d\d):(\d\d)\.(\d\d),.*\\1c/gm)].map((x) => ((Number(x[1]) * 60 + Number(x[2])) * 60 + Number(x[3])) * 1000 + Number(x[4]) * 10);
}

/** The engine's own word times on the voice's timeline, as the voice stage stored them. */
function engineWords(m: RenderManifest): { text: string; startMs: number; endMs: number }[][] {
  const hit = engine.cache.getFile(m.stages.find((s) => s.stage === 'voice')?.key ?? '');
  const meta = hit?.meta as { words: ({ text: string; startMs: number; endMs: number }[] | null)[] } | undefined;
  return (meta?.words ?? []).map((w) => w ?? []);
}

describe('loudness and length on real renders', () => {
  const manifests: RenderManifest[] = [];

  it.each([10, 30, 60])('a %i s target gives a video within 15 percent of it, at −14 ± 0.5 LUFS with the true peak ≤ −1 dBTP', async (seconds) => {
    const req = await engine.resolve({ topic: 'Why do cats purr', duration: seconds, voice: 'system:en-us' }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out'));
    manifests.push(manifest);
    expect(Math.abs(manifest.durationSec - seconds) / seconds).toBeLessThanOrEqual(0.15);
    const out = await outputLoudness(manifest);
    expect(Math.abs(out.integratedLufs + 14)).toBeLessThanOrEqual(0.5);
    expect(out.truePeakDb).toBeLessThanOrEqual(-1);
    // The manifest's own measurement (before the encode) agrees with the file's.
    expect(Math.abs((manifest.sound?.integratedLufs ?? 0) - out.integratedLufs)).toBeLessThanOrEqual(0.3);
    expect(manifest.offlineDraft).toBe(true);
    expect(manifest.script.lines.join(' ')).toMatch(/cats/);
  });

  it('music from a folder: the track matching the mood, under the voice, faded, and still −14 LUFS', async () => {
    const music = path.join(dir, 'music');
    await mkdir(music, { recursive: true });
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=330:d=4', '-af', 'volume=-3dB', '-c:a', 'aac', path.join(music, 'dark-drone.m4a')]);
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=523:d=4', '-af', 'volume=-30dB', '-c:a', 'aac', path.join(music, 'bright-curious-piano.m4a')]);
    const req = await engine.resolve({ topic: 'Why do cats purr', genre: 'facts', duration: 10, music, musicVolume: 0.5 }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out-music'));
    const s = manifest.sound;
    expect(s?.music).toBe(path.join(music, 'bright-curious-piano.m4a'));
    expect(manifest.music).toBe(s?.music);
    // The bed sits 12 LU under the voice's reference level, whatever the file's own level (−30 dB here).
    expect((s?.musicLufs ?? 0) + (s?.musicGainDb ?? 0)).toBeCloseTo(-20 - 12, 0);
    const out = await outputLoudness(manifest);
    expect(Math.abs(out.integratedLufs + 14)).toBeLessThanOrEqual(0.5);
    expect(out.truePeakDb).toBeLessThanOrEqual(-1);
  });
});

describe('the length asked for, with a model that ignores its word budget', () => {
  it('a script that voices far too long gets one revision call at the measured pace, then fits; a new voice is calibrated once', async () => {
    const llm = await Engine.open({ dataDir: path.join(dir, 'data-llm'), workers: 1, provider: 'openai', apiKey: 'sk-test-length', baseURL: openaiUrl });
    try {
      const before = openai.count('chat');
      const req = await llm.resolve({ topic: 'Why is the sky blue', duration: 12, voice: 'system:en-us' }, SMALL);
      const { manifest } = await llm.render(req, path.join(dir, 'out-llm'));
      // script, ideas, virality, and the one revision (the server's first script voices to ~23 s).
      expect(openai.count('chat') - before).toBe(4);
      const revision = openai.requests.filter((r) => r.route === 'chat').map((r) => (r.body as { messages: { content: string }[] }).messages[0]?.content ?? '').find((p) => p.includes('Rewrite it to about'));
      expect(revision).toMatch(/came out at 2\d seconds, but the video must be 12 seconds/);
      expect(manifest.script.title).toBe('Revised');
      expect(Math.abs(manifest.durationSec - 12) / 12).toBeLessThanOrEqual(0.15);
      expect(manifest.warnings).toEqual([]);
      expect(manifest.stages.filter((s) => s.stage === 'script')).toHaveLength(2);
      // The pace was measured before the first script (the budget in its prompt) and is not measured again.
      const first = openai.requests.filter((r) => r.route === 'chat').map((r) => (r.body as { messages: { content: string }[] }).messages[0]?.content ?? '').find((p) => p.includes('Word budget'));
      expect(first).toMatch(/Word budget: \d+ words/);
      expect(llm.cache.stats().byType.pace?.entries).toBe(1);
      const again = await llm.resolve({ topic: 'Why is the sky blue', duration: 12, voice: 'system:en-us' }, SMALL);
      expect((await llm.render(again, path.join(dir, 'out-llm'))).manifest.cache.videoHit).toBe(true);
      // Another length for the same voice: the remembered pace sizes it, no second calibration.
      const other = await llm.resolve({ topic: 'Why is the sky blue', duration: 14, voice: 'system:en-us' }, SMALL);
      await llm.render(other, path.join(dir, 'out-llm'));
      expect(llm.cache.stats().byType.pace?.entries).toBe(1);
    } finally {
      await llm.close();
    }
  });
});

describe('a job\'s voice rate', () => {
  it('speeds the same script up or slows it down, and each rate is its own video', async () => {
    const script = 'Cats purr when they are calm. They also purr when they are hurt, which may help them heal. Nobody is quite sure how the sound is made.';
    const at = async (voiceRate?: number) => {
      const req = await engine.resolve({ script, voice: 'system:en-us', ...(voiceRate !== undefined ? { voiceRate } : {}) }, SMALL);
      return (await engine.render(req, path.join(dir, `out-rate-${voiceRate ?? 'own'}`))).manifest;
    };
    const own = await at();
    const fast = await at(1.5);
    const slow = await at(0.75);
    expect(fast.cache.videoHit).toBe(false);
    // The video is the voice plus a fixed tail.
    expect(fast.durationSec).toBeLessThan(own.durationSec * 0.8);
    expect(slow.durationSec).toBeGreaterThan(own.durationSec * 1.15);
    // 1 is the voice's own pace: the same video as no rate at all.
    expect((await at(1)).cache.videoHit).toBe(true);
    await expect(engine.resolve({ script, voiceRate: 3 }, SMALL)).rejects.toThrow(/Voice rate must be from 0.5 to 2/);
  });
});

describe('voices with word timings', () => {
  it('edge: every caption word starts within one frame of Edge’s WordBoundary time', async () => {
    const req = await engine.resolve({ script: 'Why do cats purr? Nobody knows for sure.', voice: 'edge:en-US-AvaMultilingualNeural' }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out-edge'));
    expect(manifest.warnings).toEqual([]);
    expect(manifest.sound?.wordTiming).toBe('engine');
    expect(edge.requests.at(-1)?.config).toMatchObject({ context: { synthesis: { audio: { metadataoptions: { wordBoundaryEnabled: 'true' } } } } });
    const chunks = engineWords(manifest);
    expect(chunks.map((c) => c.map((w) => w.text).join(' '))).toEqual(['Why do cats', 'purr?', 'Nobody knows for', 'sure.']);
    // Within each chunk the words keep Edge's spacing (its 100-ns offsets) exactly.
    for (const c of chunks) {
      const t = fakeEdgeTimings(c.map((w) => w.text).join(' '));
      c.forEach((w, k) => expect(w.startMs - c[0]!.startMs).toBeCloseTo(t[k]!.offsetMs - t[0]!.offsetMs, 6));
    }
    const starts = await captionStarts(manifest);
    const words = chunks.flat();
    expect(starts).toHaveLength(words.length);
    words.forEach((w, i) => expect(Math.abs(starts[i]! - w.startMs)).toBeLessThanOrEqual(FRAME_MS));
    const out = await outputLoudness(manifest);
    expect(Math.abs(out.integratedLufs + 14)).toBeLessThanOrEqual(0.5);
  });

  it('edge: when Edge refuses, the video is spoken by the default voice and the manifest says so', async () => {
    edge.faults.push('refuse', 'refuse', 'refuse');
    // A script of its own, longer than the 5 s asked for: it is voiced as written, with a warning.
    const req = await engine.resolve({ script: 'Edge is down today. So the system voice reads this script instead, all of it, sentence by sentence, until the end.', voice: 'edge:en-GB-SoniaNeural', duration: 5 }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out-fallback'));
    expect(manifest.warnings.join(' ')).toMatch(/edge:en-GB-SoniaNeural failed .*spoken with system:en-us instead/);
    expect(manifest.warnings.join(' ')).toMatch(/The script voices to \d+\.\d s, not the 5 s asked for: 21 words here; about \d+ fit 5 s/);
    expect(manifest.sound?.wordTiming).toBe('estimated');
    edge.faults.length = 0;
  });

  it('elevenlabs: caption words start on the character alignment, and the characters are billed', async () => {
    const req = await engine.resolve({ script: 'Cats purr, mostly when content.', voice: 'elevenlabs:21m00Tcm4TlvDq8ikWAM', duration: 5 }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out-eleven'));
    expect(manifest.sound?.wordTiming).toBe('engine');
    // Shorter than the 5 s asked for is no problem: a creator's script is voiced as written.
    expect(manifest.warnings).toEqual([]);
    // Billed per character sent: the voice chunks' text.
    const characters = chunkScript(['Cats purr, mostly when content.']).reduce((a, c) => a + c.text.length, 0);
    expect(manifest.stages.find((s) => s.stage === 'voice')?.costUsd).toBeCloseTo((characters * 100) / 1e6, 10);
    const words = engineWords(manifest).flat();
    expect(words.map((w) => w.text)).toEqual(['Cats', 'purr,', 'mostly', 'when', 'content.']);
    const starts = await captionStarts(manifest);
    expect(starts).toHaveLength(5);
    words.forEach((w, i) => expect(Math.abs(starts[i]! - w.startMs)).toBeLessThanOrEqual(FRAME_MS));
  });
});

/** Sentences spoken one by one by espeak-ng and joined with known pauses: a recording whose truth we know. */
async function recording(sentences: string[], pausesMs: number[]): Promise<{ file: string; onsetsMs: number[] }> {
  const parts: ParsedWav[] = [];
  for (const [i, s] of sentences.entries()) {
    const f = path.join(dir, `take-${i}.wav`);
    await run('espeak-ng', ['-v', 'en-us', '-w', f, s]);
    parts.push(trimSilence(parseWav(await readFile(f)), 200, 0));
  }
  const onsetsMs: number[] = [];
  const withPauses: ParsedWav[] = [];
  let at = 300;
  const lead = { ...parts[0]!, data: Buffer.alloc(Math.round(0.3 * parts[0]!.sampleRate) * 2), durationMs: 300 };
  withPauses.push(lead);
  parts.forEach((p, i) => {
    onsetsMs.push(at);
    withPauses.push(p);
    at += p.durationMs;
    const pause = pausesMs[i] ?? 400;
    withPauses.push({ ...p, data: Buffer.alloc(Math.round((pause / 1000) * p.sampleRate) * 2), durationMs: pause });
    at += pause;
  });
  const file = path.join(dir, 'voiceover.wav');
  await writeFile(file, concatWav(withPauses, 0).wav);
  // As a creator would hand it over: compressed, in an m4a.
  const m4a = path.join(dir, 'voiceover.m4a');
  await run('ffmpeg', ['-v', 'error', '-y', '-i', file, '-c:a', 'aac', '-b:a', '96k', m4a]);
  return { file: m4a, onsetsMs };
}

describe('the creator’s own voice-over', () => {
  const sentences = ['Cats purr for many reasons.', 'Some purr when they are hurt.', 'Scientists are still not sure why.', 'Follow for more.'];

  it('offline: captions from the script land on the recording’s sentences; --trim-silence shortens the long pause', async () => {
    const rec = await recording(sentences, [500, 1300, 600, 400]);
    const script = sentences.join(' ');
    // A failing transcription server: the script is aligned offline instead, with a warning.
    openai.failNext('transcriptions', { status: 400 });
    const req = await engine.resolve({ script, voiceover: rec.file }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out-vo'));
    expect(manifest.sound?.wordTiming).toBe('aligned');
    expect(manifest.warnings.join(' ')).toMatch(/could not be transcribed .*aligned to the recording's pauses/);
    const starts = await captionStarts(manifest);
    const firstWords = [0, 5, 11, 17]; // the first word of each sentence, in caption events
    firstWords.forEach((w, i) => expect(Math.abs((starts[w] ?? 0) - rec.onsetsMs[i]!)).toBeLessThanOrEqual(150));
    const full = manifest.durationSec;
    expect(Math.abs(full - (rec.onsetsMs.at(-1)! + 1000) / 1000 - 0.6)).toBeLessThan(1.2);

    openai.failNext('transcriptions', { status: 400 });
    const trimmed = (await engine.render(await engine.resolve({ script, voiceover: rec.file, trimSilence: true }, SMALL), path.join(dir, 'out-vo-trim'))).manifest;
    // The 1.3 s pause keeps 0.4 s: the video is 0.9 s shorter; the third sentence moves with it.
    expect(full - trimmed.durationSec).toBeGreaterThan(0.75);
    expect(full - trimmed.durationSec).toBeLessThan(1.05);
    const tStarts = await captionStarts(trimmed);
    expect(Math.abs((tStarts[11] ?? 0) - (rec.onsetsMs[2]! - 900))).toBeLessThanOrEqual(150);
  });

  it('transcribed: word times from /v1/audio/transcriptions, and without a script the transcript is the script', async () => {
    const rec = await recording(sentences.slice(0, 2), [400, 400]);
    const words = ['Cats', 'purr', 'for', 'many', 'reasons.', 'Some', 'purr', 'when', 'they', 'are', 'hurt.'];
    openai.transcript = { text: sentences.slice(0, 2).join(' '), words: words.map((w, i) => {
      const [sentence, k] = i < 5 ? [0, i] : [1, i - 5];
      return { word: w.replace(/\.$/, ''), start: (rec.onsetsMs[sentence]! + k * 250) / 1000, end: (rec.onsetsMs[sentence]! + k * 250 + 200) / 1000 };
    }) };
    const req = await engine.resolve({ voiceover: rec.file }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out-vo-asr'));
    expect(manifest.sound?.wordTiming).toBe('transcript');
    expect(manifest.script.hook).toBe('Cats purr for many reasons.');
    const upload = openai.requests.filter((r) => r.route === 'transcriptions').at(-1)?.body as { fields: Record<string, string[]> };
    expect(upload.fields.response_format).toEqual(['verbose_json']);
    expect(upload.fields['timestamp_granularities[]']).toEqual(['word']);
    const starts = await captionStarts(manifest);
    openai.transcript.words.forEach((w, i) => expect(Math.abs((starts[i] ?? 0) - w.start * 1000)).toBeLessThanOrEqual(FRAME_MS));
  });
});
