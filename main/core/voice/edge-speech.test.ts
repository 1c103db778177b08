import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EdgeTestServer, fakeEdgeTimings } from '../../testing/edge-test-server.js';
import { tempDir } from '../../testing/media-fixtures.js';
import { edgeRate, listEdgeVoices, resetEdgeVoiceCache, synthesizeEdge, wordsFromCues } from './edge-speech.js';
import { EDGE_VOICE_SNAPSHOT, localeOf } from './edge-voice-snapshot.js';
import { toMonoPcm16 } from './transcode.js';

let server: EdgeTestServer;
let url: string;
let close: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  server = new EdgeTestServer();
  ({ url, close } = await server.start());
  dir = await tempDir('reelforge-edge-');
});
afterAll(async () => close());
beforeEach(() => resetEdgeVoiceCache());

describe('Edge voices through node-edge-tts against a local Edge-protocol server', () => {
  it('asks for word boundaries, sends the voice, its locale and rate, and returns MP3 with each word’s time', async () => {
    const text = 'Why do cats purr? Nobody knows, <really> & truly.';
    const r = await synthesizeEdge('en-US-AvaMultilingualNeural', text, 1.1, path.join(dir, 'a.mp3'), { baseURL: url });
    const req = server.requests.at(-1);
    expect(req).toMatchObject({ voice: 'en-US-AvaMultilingualNeural', lang: 'en-US', rate: '+10%', text });
    expect(req?.query.TrustedClientToken).toMatch(/^[0-9A-F]{32}$/);
    expect(req?.config).toMatchObject({ context: { synthesis: { audio: { metadataoptions: { wordBoundaryEnabled: 'true', sentenceBoundaryEnabled: 'false' } } } } });
    // The engine's times, to the ms (Edge sends 100-ns ticks), punctuation restored from the text.
    const expected = fakeEdgeTimings(text);
    expect(r.words?.map((w) => w.text)).toEqual(text.split(' '));
    expect(r.words?.map((w) => [w.startMs, w.endMs])).toEqual(expected.map((w) => [w.offsetMs, w.offsetMs + w.durationMs]));
    const pcm = await toMonoPcm16(r.audio, 24_000);
    expect(pcm.durationMs).toBeGreaterThan((expected.at(-1)?.offsetMs ?? 0) + 100);
    expect(await readdir(dir)).toEqual([]);
  });

  it('returns null words when the voice sends no WordBoundary events', async () => {
    server.faults.push('no-words');
    const r = await synthesizeEdge('en-GB-SoniaNeural', 'Hello there.', 1, path.join(dir, 'b.mp3'), { baseURL: url });
    expect(r.words).toBeNull();
    expect(r.audio.length).toBeGreaterThan(100);
  });

  it('says what went wrong when Edge refuses, cuts off, or does not know the voice', async () => {
    server.faults.push('refuse');
    await expect(synthesizeEdge('en-US-AndrewNeural', 'Hi.', 1, path.join(dir, 'c.mp3'), { baseURL: url })).rejects.toMatchObject({ kind: 'provider', subject: 'voice', message: expect.stringMatching(/Edge voice en-US-AndrewNeural failed \(Unexpected server response: 403\)/) as unknown });
    server.faults.push('drop');
    await expect(synthesizeEdge('en-US-AndrewNeural', 'A longer sentence so the audio spans frames, and then some more words.', 1, path.join(dir, 'd.mp3'), { baseURL: url })).rejects.toThrow(/cut off \(Edge closed the connection, code 1011\)/);
    await expect(synthesizeEdge('xx-XX-NobodyNeural', 'Hi.', 1, path.join(dir, 'e.mp3'), { baseURL: url })).rejects.toThrow(/code 1007/);
    await expect(synthesizeEdge('en-US-AndrewNeural', 'Hi.', 1, path.join(dir, 'f.mp3'), { baseURL: 'ws://127.0.0.1:9' })).rejects.toThrow(/Edge voice en-US-AndrewNeural failed \(ECONNREFUSED\)/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    const p = synthesizeEdge('en-US-AndrewNeural', 'Some words to say.', 1, path.join(dir, 'g.mp3'), { baseURL: url }, controller.signal);
    controller.abort();
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('lists voices from the endpoint, and from the bundled snapshot when it cannot be reached', async () => {
    const online = await listEdgeVoices({ baseURL: url });
    expect(online.source).toBe('online');
    expect(online.voices.map((v) => v.shortName)).toEqual(server.voices);
    expect(online.voices.find((v) => v.shortName === 'en-US-AndrewNeural')).toMatchObject({ gender: 'male', locale: 'en-US' });
    resetEdgeVoiceCache();
    const offline = await listEdgeVoices({ baseURL: 'ws://127.0.0.1:9' });
    expect(offline).toMatchObject({ source: 'snapshot' });
    expect(offline.voices.length).toBeGreaterThan(300);
  });
});

describe('Edge helpers (pure)', () => {
  it('maps speed to SSML rate, ShortNames to locales, and cues to words', () => {
    expect([edgeRate(1), edgeRate(1.25), edgeRate(0.9)]).toEqual(['default', '+25%', '-10%']);
    expect([localeOf('en-US-AvaMultilingualNeural'), localeOf('zh-CN-liaoning-XiaobeiNeural'), localeOf('iu-Latn-CA-TaqqiqNeural')]).toEqual(['en-US', 'zh-CN-liaoning', 'iu-Latn-CA']);
    expect(EDGE_VOICE_SNAPSHOT.find((v) => v.shortName === 'en-US-AndrewNeural')).toEqual({ shortName: 'en-US-AndrewNeural', gender: 'male', locale: 'en-US' });
    expect(wordsFromCues([{ part: ' Hello,', start: 100, end: 400 }, { part: 'world', start: 450, end: 700 }])).toEqual([
      { text: 'Hello,', startMs: 100, endMs: 400 }, { text: 'world', startMs: 450, endMs: 700 },
    ]);
    expect(wordsFromCues([])).toBeNull();
    expect(wordsFromCues({ nope: 1 })).toBeNull();
  });
});
