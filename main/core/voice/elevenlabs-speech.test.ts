import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElevenLabsTestServer, fakeAlignment } from '../../testing/elevenlabs-test-server.js';
import { listElevenLabsVoices, synthesizeElevenLabs, wordsFromAlignment } from './elevenlabs-speech.js';
import { parseWav } from './wav.js';

let server: ElevenLabsTestServer;
let url: string;
let close: () => Promise<void>;
const noWait = { sleep: async () => undefined, random: () => 0 };

beforeAll(async () => {
  server = new ElevenLabsTestServer();
  ({ url, close } = await server.start());
});
afterAll(async () => close());

describe('ElevenLabs with timestamps (local ElevenLabs-like server)', () => {
  it('returns a PCM WAV and words rebuilt from the character alignment', async () => {
    const text = 'Cats purr, mostly.';
    const r = await synthesizeElevenLabs('21m00Tcm4TlvDq8ikWAM', text, 1, { apiKey: 'el-test-key', baseURL: url, model: 'eleven_multilingual_v2' });
    expect(server.requests.at(-1)).toMatchObject({ route: 'tts', voiceId: '21m00Tcm4TlvDq8ikWAM', apiKey: 'el-test-key', query: { output_format: 'pcm_24000' }, body: { text, model_id: 'eleven_multilingual_v2' } });
    const wav = parseWav(r.audio);
    expect(wav).toMatchObject({ sampleRate: 24_000, channels: 1, bitsPerSample: 16 });
    const a = fakeAlignment(text);
    expect(wav.durationMs).toBeCloseTo(((a.character_end_times_seconds.at(-1) ?? 0) + 0.05) * 1000, -1);
    expect(r.words).toEqual([
      { text: 'Cats', startMs: 50, endMs: 310 },
      { text: 'purr,', startMs: 360, endMs: 640 },
      { text: 'mostly.', startMs: 690, endMs: 1100 },
    ]);
  });

  it('retries a 429 and a 503, and says which key to check on a 401', async () => {
    server.faults.push({ status: 429, retryAfter: 0 }, { status: 503 });
    const r = await synthesizeElevenLabs('pNInz6obpgDQGcFmaJgB', 'Hello.', 1.1, { apiKey: 'el-test-key', baseURL: url, model: 'eleven_flash_v2_5', retry: noWait });
    expect(r.words?.map((w) => w.text)).toEqual(['Hello.']);
    expect(server.requests.at(-1)?.body).toMatchObject({ voice_settings: { speed: 1.1 } });
    await expect(synthesizeElevenLabs('x', 'Hi.', 1, { apiKey: 'wrong', baseURL: url, model: 'm', retry: noWait })).rejects.toMatchObject({
      kind: 'provider', message: 'ElevenLabs voice x was refused (HTTP 401): check the API key (ELEVENLABS_API_KEY or Settings).',
    });
    await expect(synthesizeElevenLabs('x', 'Hi.', 1, { apiKey: 'k', baseURL: 'http://127.0.0.1:9', model: 'm', retry: { ...noWait, attempts: 2 } })).rejects.toThrow(/could not connect.*gave up after 2 attempts/);
    expect(JSON.stringify(server.requests)).not.toContain('wrong"}');
  });

  it('lists the account’s voices with gender and accent', async () => {
    const voices = await listElevenLabsVoices({ apiKey: 'el-test-key', baseURL: url, model: 'm' });
    expect(voices).toEqual([
      { id: 'elevenlabs:21m00Tcm4TlvDq8ikWAM', engine: 'elevenlabs', name: 'Rachel · american', gender: 'female' },
      { id: 'elevenlabs:pNInz6obpgDQGcFmaJgB', engine: 'elevenlabs', name: 'Adam · american', gender: 'male' },
    ]);
  });

  it('builds words from characters (pure): spaces split, punctuation stays with its word', () => {
    expect(wordsFromAlignment({ characters: [' ', 'a', 'b', ' ', ' ', 'c', '!'], character_start_times_seconds: [0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5], character_end_times_seconds: [0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.55] })).toEqual([
      { text: 'ab', startMs: 100, endMs: 300 }, { text: 'c!', startMs: 400, endMs: 550 },
    ]);
    expect(wordsFromAlignment({ characters: [' '], character_start_times_seconds: [0], character_end_times_seconds: [1] })).toBeNull();
  });
});
