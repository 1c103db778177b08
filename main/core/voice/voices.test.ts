import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiTestServer } from '../../testing/openai-test-server.js';
import { UserError } from '../errors.js';
import { listOpenAiVoices, synthesizeOpenAi } from './openai-speech.js';
import { defaultSystemVoice, listSystemVoices, parseEspeakVoices, parseSayVoices, resetSystemVoiceCache } from './system-voice.js';
import { listVoices, parseVoiceId, resolveDefaultVoice } from './voices.js';
import { parseWav } from './wav.js';

const ESPEAK_LIST = ` Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  af              --/M      Afrikaans          gmw/af
 5  en-us           --/M      English_(America)  gmw/en-US            (en 2)
 2  en-us           --/M      English_(America)_dup gmw/en-US
 5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)
`;

const SAY_LIST = `Alex                en_US    # Most people recognize me by my voice.
Amélie              fr_CA    # Bonjour, je m’appelle Amélie.
Bad Line without a hash
Eddy (English (UK)) en_GB    # Hello! My name is Eddy.
`;

afterEach(() => {
  delete process.env.ESPEAK_NG_PATH;
  resetSystemVoiceCache();
});

describe('parseVoiceId', () => {
  it('splits engine and name', () => {
    expect(parseVoiceId('system:en-us')).toEqual({ engine: 'system', name: 'en-us' });
    expect(parseVoiceId(' openai:nova ')).toEqual({ engine: 'openai', name: 'nova' });
    expect(parseVoiceId('system:Eddy (English (UK))')).toEqual({ engine: 'system', name: 'Eddy (English (UK))' });
  });

  it.each([
    ['alloy', /must look like system:<name> or openai:<voice>/],
    ['azure:jenny', /unknown engine "azure"/],
    ['openai:robot', /Unknown OpenAI voice "robot": pick one of alloy, ash/],
    ['system:-x', /invalid name/],
    ['system:a\nb', /invalid name/],
  ])('rejects %j as a usage error', (id, message) => {
    let err: unknown;
    try {
      parseVoiceId(id);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ kind: 'usage', subject: 'voice', message: expect.stringMatching(message) as unknown });
  });
});

describe('voice lists', () => {
  it('parses espeak-ng and say listings', () => {
    expect(parseEspeakVoices(ESPEAK_LIST)).toEqual([
      { id: 'system:af', engine: 'system', name: 'Afrikaans', language: 'af' },
      { id: 'system:en-us', engine: 'system', name: 'English (America)', language: 'en-us' },
      { id: 'system:fr-fr', engine: 'system', name: 'French (France)', language: 'fr-fr' },
    ]);
    expect(parseSayVoices(SAY_LIST).map((v) => [v.id, v.language])).toEqual([
      ['system:Alex', 'en_US'],
      ['system:Amélie', 'fr_CA'],
      ['system:Eddy (English (UK))', 'en_GB'],
    ]);
  });

  it('lists the real espeak-ng voices, adds OpenAI voices only with a key, and picks en-us by default', async () => {
    const system = await listSystemVoices();
    expect(system.length).toBeGreaterThan(10);
    expect(system.every((v) => v.id.startsWith('system:') && v.engine === 'system')).toBe(true);
    expect(await defaultSystemVoice()).toBe('system:en-us');
    expect((await listVoices()).some((v) => v.engine === 'openai')).toBe(false);
    const withKey = await listVoices({ apiKey: 'sk-x' });
    expect(withKey.filter((v) => v.engine === 'openai').map((v) => v.id)).toEqual(listOpenAiVoices().map((v) => v.id));
    expect(await resolveDefaultVoice()).toBe('system:en-us');
  });

  it('says how to install a voice engine when none is found, and falls back to OpenAI with a key', async () => {
    process.env.ESPEAK_NG_PATH = '/nonexistent/espeak-ng';
    const err = await listSystemVoices('linux').catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'config',
      subject: 'voice',
      message: 'No voice engine found: install espeak-ng (apt-get install espeak-ng) or pick an openai: voice.',
    });
    expect((await listVoices({ apiKey: 'sk-x' })).every((v) => v.engine === 'openai')).toBe(true);
    expect(await resolveDefaultVoice({ apiKey: 'sk-x' })).toBe('openai:alloy');
    await expect(resolveDefaultVoice()).rejects.toMatchObject({ kind: 'config' });
  });
});

describe('synthesizeOpenAi', () => {
  it('wraps raw PCM (24 kHz mono 16-bit) in a WAV and passes the voice, model and speed', async () => {
    const server = new OpenAiTestServer();
    const { url, close } = await server.start();
    try {
      const text = 'Twenty characters!!';
      const wav = parseWav(await synthesizeOpenAi('nova', text, { apiKey: 'sk-x', baseURL: url, model: 'tts-1' }, { format: 'pcm', speed: 1.25 }));
      expect(wav).toMatchObject({ sampleRate: 24_000, channels: 1, bitsPerSample: 16 });
      expect(wav.durationMs).toBeCloseTo(text.length * 15, 0);
      expect(server.requests[0]?.body).toEqual({ model: 'tts-1', voice: 'nova', input: text, response_format: 'pcm', speed: 1.25 });
    } finally {
      await close();
    }
  });
});
