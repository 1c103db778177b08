import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiTestServer } from '../../testing/openai-test-server.js';
import { UserError } from '../errors.js';
import { listOpenAiVoices, synthesizeOpenAi } from './openai-speech.js';
import { defaultSystemVoice, listSystemVoices, parseEspeakVoices, parseSayVoices, resetSystemVoiceCache } from './system-voice.js';
import { resetEdgeVoiceCache } from './edge-speech.js';
import { checkVoice, listAllVoices, listVoices, parseVoiceId, resolveDefaultVoice } from './voices.js';

/** Nothing listens on port 9: Edge's list is unreachable, so the bundled snapshot is used (and no test touches the network). */
const OFFLINE_EDGE = { baseURL: 'ws://127.0.0.1:9' };
const OPENAI = { apiKey: 'sk-x', model: 'tts-1' };
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
  resetEdgeVoiceCache();
});

describe('parseVoiceId', () => {
  it('splits engine and name', () => {
    expect(parseVoiceId('system:en-us')).toEqual({ engine: 'system', name: 'en-us' });
    expect(parseVoiceId(' openai:nova ')).toEqual({ engine: 'openai', name: 'nova' });
    expect(parseVoiceId('system:Eddy (English (UK))')).toEqual({ engine: 'system', name: 'Eddy (English (UK))' });
    expect(parseVoiceId('edge:en-US-AvaMultilingualNeural')).toEqual({ engine: 'edge', name: 'en-US-AvaMultilingualNeural' });
    expect(parseVoiceId('elevenlabs:21m00Tcm4TlvDq8ikWAM')).toEqual({ engine: 'elevenlabs', name: '21m00Tcm4TlvDq8ikWAM' });
    expect(parseVoiceId('local:af_bella')).toEqual({ engine: 'local', name: 'af_bella' });
  });

  it.each([
    ['alloy', /must look like system:<name>, edge:<ShortName>, openai:<voice>/],
    ['edge:en US', /must be a ShortName/],
    ['elevenlabs:a/b', /must be a voice_id/],
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

  it('lists the real espeak-ng voices and Edge’s, adds OpenAI voices only with a key, and picks en-us by default', async () => {
    const system = await listSystemVoices();
    expect(system.length).toBeGreaterThan(10);
    expect(system.every((v) => v.id.startsWith('system:') && v.engine === 'system')).toBe(true);
    expect(await defaultSystemVoice()).toBe('system:en-us');
    const plain = await listAllVoices({ edge: OFFLINE_EDGE });
    expect(plain.voices.some((v) => v.engine === 'openai')).toBe(false);
    expect(plain.voices.find((v) => v.id === 'edge:en-US-AvaMultilingualNeural')).toEqual({ id: 'edge:en-US-AvaMultilingualNeural', engine: 'edge', name: 'Ava Multilingual', language: 'en-US', gender: 'female' });
    expect(plain.notes.join('\n')).toMatch(/Edge voices: the online list could not be reached; showing the bundled list/);
    const withKey = await listVoices({ edge: OFFLINE_EDGE, openai: OPENAI });
    expect(withKey.filter((v) => v.engine === 'openai').map((v) => v.id)).toEqual(listOpenAiVoices().map((v) => v.id));
    expect(await resolveDefaultVoice()).toBe('system:en-us');
  });

  it('says how to install a voice engine when none is found, and still lists the others', async () => {
    process.env.ESPEAK_NG_PATH = '/nonexistent/espeak-ng';
    const err = await listSystemVoices('linux').catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'config',
      subject: 'voice',
      message: 'No voice engine found: install espeak-ng (apt-get install espeak-ng) or pick an openai: voice.',
    });
    resetSystemVoiceCache();
    const listing = await listAllVoices({ edge: OFFLINE_EDGE, openai: OPENAI });
    expect(listing.voices.some((v) => v.engine === 'system')).toBe(false);
    expect(listing.voices.some((v) => v.engine === 'openai')).toBe(true);
    expect(listing.notes).toContain('No voice engine found: install espeak-ng (apt-get install espeak-ng) or pick an openai: voice.');
    expect(await resolveDefaultVoice({ apiKey: 'sk-x' })).toBe('openai:alloy');
    await expect(resolveDefaultVoice()).rejects.toMatchObject({ kind: 'config' });
  });

  it('lists a local speech server’s voices, and says when it cannot be reached', async () => {
    const server = new OpenAiTestServer();
    const { url, close } = await server.start();
    try {
      const local = { baseURL: url, model: 'kokoro' };
      const listing = await listAllVoices({ edge: OFFLINE_EDGE, local });
      expect(listing.voices.filter((v) => v.engine === 'local')).toEqual([
        { id: 'local:af_bella', engine: 'local', name: 'af_bella', language: 'en-US', gender: 'female' },
        { id: 'local:am_adam', engine: 'local', name: 'am_adam', language: 'en-US', gender: 'male' },
        { id: 'local:bf_emma', engine: 'local', name: 'bf_emma', language: 'en-GB', gender: 'female' },
      ]);
      await checkVoice('local:af_bella', { local });
      await expect(checkVoice('local:nobody', { local })).rejects.toMatchObject({ kind: 'usage', message: expect.stringMatching(/Unknown voice "local:nobody".*e\.g\. local:af_bella/) as unknown });
      server.voices = null;
      await checkVoice('local:anything_it_knows', { local });
      const down = await listAllVoices({ edge: OFFLINE_EDGE, local: { baseURL: 'http://127.0.0.1:9/v1', model: 'kokoro' } });
      expect(down.notes.join('\n')).toMatch(/speech server at http:\/\/127\.0\.0\.1:9\/v1 could not be reached .*start it or change speechBaseURL/);
    } finally {
      await close();
    }
  });

  it('checks a voice against its engine: known, configured, or a clear error saying what to set', async () => {
    await checkVoice('system:en-us', {});
    await checkVoice('edge:en-GB-SoniaNeural', { edge: OFFLINE_EDGE });
    await expect(checkVoice('edge:en-XX-NobodyNeural', { edge: OFFLINE_EDGE })).rejects.toMatchObject({ kind: 'usage', subject: 'voice' });
    await expect(checkVoice('openai:nova', {})).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/OPENAI_API_KEY/) as unknown });
    await expect(checkVoice('elevenlabs:21m00Tcm4TlvDq8ikWAM', {})).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/ELEVENLABS_API_KEY/) as unknown });
    await expect(checkVoice('local:af_bella', {})).rejects.toMatchObject({ kind: 'config', subject: 'speechBaseURL' });
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
