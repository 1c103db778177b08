import { describe, expect, it } from 'vitest';
import { concatWav, parseWav, trimSilence, wavHeader, WavFormatMismatchError, type WavFormat } from './wav.js';

const MONO16: WavFormat = { sampleRate: 8000, channels: 1, bitsPerSample: 16 };

function samples(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
}

function chunk(id: string, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.write(id, 0, 'ascii');
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), ...chunks]);
  const h = Buffer.alloc(8);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body]);
}

function fmtBody(f: WavFormat, formatTag = 1): Buffer {
  const b = Buffer.alloc(16);
  const align = (f.bitsPerSample / 8) * f.channels;
  b.writeUInt16LE(formatTag, 0);
  b.writeUInt16LE(f.channels, 2);
  b.writeUInt32LE(f.sampleRate, 4);
  b.writeUInt32LE(f.sampleRate * align, 8);
  b.writeUInt16LE(align, 12);
  b.writeUInt16LE(f.bitsPerSample, 14);
  return b;
}

/** WAVE_FORMAT_EXTENSIBLE fmt body (40 bytes) with the given SubFormat tag. */
function extensibleBody(f: WavFormat, subFormat: number): Buffer {
  const b = Buffer.alloc(40);
  fmtBody(f, 0xfffe).copy(b, 0);
  b.writeUInt16LE(22, 16); // cbSize
  b.writeUInt16LE(f.bitsPerSample, 18); // valid bits
  b.writeUInt32LE(4, 20); // channel mask
  b.writeUInt16LE(subFormat, 24); // GUID starts with the format tag
  Buffer.from('000000001000800000aa00389b71', 'hex').copy(b, 26);
  return b;
}

describe('parseWav', () => {
  it('reads the canonical 44-byte header', () => {
    const data = samples([1, 2, 3, 4, 5, 6, 7, 8]);
    const w = parseWav(Buffer.concat([wavHeader(MONO16, data.length), data]));
    expect(w).toMatchObject(MONO16);
    expect([...w.data]).toEqual([...data]);
    expect(w.durationMs).toBe(1);
  });

  it('skips LIST and odd-sized chunks before the data', () => {
    const data = samples([100, -100, 200, -200]);
    const buf = riff(chunk('fmt ', fmtBody(MONO16)), chunk('LIST', Buffer.from('INFOISFT abc', 'ascii')), chunk('junk', Buffer.from([1, 2, 3])), chunk('data', data));
    const w = parseWav(buf);
    expect([...w.data]).toEqual([...data]);
    expect(w.sampleRate).toBe(8000);
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM SubFormat and rejects float inside it', () => {
    const stereo = { sampleRate: 22050, channels: 2, bitsPerSample: 16 };
    const data = samples([1, 2, 3, 4]);
    expect(parseWav(riff(chunk('fmt ', extensibleBody(stereo, 1)), chunk('data', data)))).toMatchObject({ ...stereo, durationMs: (2 / 22050) * 1000 });
    expect(() => parseWav(riff(chunk('fmt ', extensibleBody({ ...stereo, bitsPerSample: 32 }, 3)), chunk('data', data)))).toThrow(/not integer PCM \(format 3\)/);
  });

  it('reads a streamed WAV whose data size is unknown (0xFFFFFFFF) to the end of the buffer', () => {
    const data = samples([5, 6, 7]);
    const header = wavHeader(MONO16, data.length);
    header.writeUInt32LE(0xffffffff, 40);
    expect(parseWav(Buffer.concat([header, data])).data.length).toBe(6);
  });

  it('rejects what is not a PCM WAV with a message naming it', () => {
    expect(() => parseWav(Buffer.from('ID3\u0004 mp3 bytes'), 'chunk 2')).toThrow('chunk 2 is not a RIFF/WAVE file');
    expect(() => parseWav(riff(chunk('fmt ', fmtBody(MONO16, 3)), chunk('data', samples([0]))))).toThrow(/not integer PCM/);
    expect(() => parseWav(riff(chunk('fmt ', fmtBody(MONO16))))).toThrow(/no data chunk/);
    expect(() => parseWav(riff(chunk('fmt ', Buffer.alloc(8))))).toThrow(/truncated fmt/);
  });
});

describe('concatWav', () => {
  const part = (n: number, v = 1000, f = MONO16): ReturnType<typeof parseWav> => {
    const data = samples(Array.from({ length: n }, () => v));
    return parseWav(Buffer.concat([wavHeader(f, data.length), data]));
  };

  it('joins parts with silent gaps and returns exact spans', () => {
    // 8000 Hz: 80 frames = 10 ms, 40 frames = 5 ms, gap 2.5 ms = 20 frames.
    const out = concatWav([part(80), part(40), part(8)], 2.5);
    expect(out.spans).toEqual([
      { startMs: 0, endMs: 10 },
      { startMs: 12.5, endMs: 17.5 },
      { startMs: 20, endMs: 21 },
    ]);
    const joined = parseWav(out.wav);
    expect(joined.durationMs).toBe(21);
    expect(out.durationMs).toBe(21);
    // The gap is real silence, the parts are the samples given.
    expect(joined.data.readInt16LE(85 * 2)).toBe(0);
    expect(joined.data.readInt16LE(100 * 2)).toBe(1000);
  });

  it('refuses parts of different formats, naming which to resample', () => {
    const other = { sampleRate: 16000, channels: 1, bitsPerSample: 16 };
    let err: unknown;
    try {
      concatWav([part(10), part(10, 1, other)], 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WavFormatMismatchError);
    expect((err as WavFormatMismatchError).index).toBe(1);
    expect((err as WavFormatMismatchError).expected).toEqual(MONO16);
    expect(() => concatWav([], 0)).toThrow(/at least one/);
  });
});

describe('trimSilence', () => {
  it('drops leading and trailing near-silence but keeps a margin', () => {
    const data = samples([...Array(800).fill(0), ...Array(80).fill(5000), ...Array(800).fill(3)]);
    const w = trimSilence(parseWav(Buffer.concat([wavHeader(MONO16, data.length), data])), 200, 10);
    // 80 loud frames + 10 ms (80 frames) margin each side.
    expect(w.data.length / 2).toBe(240);
    expect(w.durationMs).toBe(30);
    // 800 silent frames minus the 80-frame margin were cut from the head: 90 ms at 8 kHz.
    expect(w.headTrimmedMs).toBe(90);
  });
});
