/** PCM WAV parsing and joining, pure, so voice timing is computed from samples, not guessed. */
export interface WavFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface ParsedWav extends WavFormat {
  /** The PCM samples (little-endian, interleaved). */
  data: Buffer;
  durationMs: number;
  /** Set by trimSilence: how much silence it cut from the start (engine word times shift by it). */
  headTrimmedMs?: number;
}

export function parseWav(buf: Buffer, name = 'WAV'): ParsedWav {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${name} is not a RIFF/WAVE file`);
  }
  let fmt: WavFormat | null = null;
  let data: Buffer | null = null;
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    let size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    // Streaming writers (espeak-ng to a pipe, some servers) leave 0 or 0xFFFFFFFF: the data runs to the end.
    if (id === 'data' && (size === 0 || size === 0xffffffff || body + size > buf.length)) size = buf.length - body;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length) throw new Error(`${name} has a truncated fmt chunk`);
      const format = buf.readUInt16LE(body);
      const bits = buf.readUInt16LE(body + 14);
      // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE, whose real format is the first two bytes of
      // the SubFormat GUID (macOS and Windows write it for plain PCM too).
      const real = format === 0xfffe && size >= 40 ? buf.readUInt16LE(body + 24) : format;
      if (real !== 1) throw new Error(`${name} is not integer PCM (format ${real})`);
      if (bits !== 8 && bits !== 16 && bits !== 24 && bits !== 32) throw new Error(`${name} has an unsupported bit depth (${bits})`);
      fmt = { channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bitsPerSample: bits };
    } else if (id === 'data') {
      data = buf.subarray(body, body + size);
    }
    pos = body + size + (size % 2);
  }
  if (!fmt || !data) throw new Error(`${name} has no ${fmt ? 'data' : 'fmt'} chunk`);
  if (fmt.channels < 1 || fmt.sampleRate < 1) throw new Error(`${name} has an invalid format (${fmt.channels} ch, ${fmt.sampleRate} Hz)`);
  const frameBytes = (fmt.bitsPerSample / 8) * fmt.channels;
  const frames = Math.floor(data.length / frameBytes);
  return { ...fmt, data: data.subarray(0, frames * frameBytes), durationMs: (frames / fmt.sampleRate) * 1000 };
}

function pick(f: WavFormat): WavFormat {
  return { sampleRate: f.sampleRate, channels: f.channels, bitsPerSample: f.bitsPerSample };
}

/** The canonical 44-byte header of a PCM WAV with `dataBytes` of samples. */
export function wavHeader(f: WavFormat, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  const blockAlign = (f.bitsPerSample / 8) * f.channels;
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(f.channels, 22);
  h.writeUInt32LE(f.sampleRate, 24);
  h.writeUInt32LE(f.sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(f.bitsPerSample, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Raw mono 16-bit samples (as ffmpeg writes them with `-f s16le`) as a parsed WAV; a stray odd byte is dropped. */
export function monoPcm16Wav(pcm: Buffer, sampleRate: number, name: string): ParsedWav {
  const even = pcm.subarray(0, pcm.length - (pcm.length % 2));
  return parseWav(Buffer.concat([wavHeader({ sampleRate, channels: 1, bitsPerSample: 16 }, even.length), even]), name);
}

/** concatWav's refusal to join parts of different formats: resample `index` to `expected` first. */
export class WavFormatMismatchError extends Error {
  constructor(
    readonly index: number,
    readonly expected: WavFormat,
    readonly actual: WavFormat,
  ) {
    super(`WAV part ${index + 1} is ${describe(actual)}, expected ${describe(expected)}: resample it first`);
    this.name = 'WavFormatMismatchError';
  }
}

function describe(f: WavFormat): string {
  return `${f.sampleRate} Hz, ${f.channels} ch, ${f.bitsPerSample}-bit`;
}

export function sameFormat(a: WavFormat, b: WavFormat): boolean {
  return a.sampleRate === b.sampleRate && a.channels === b.channels && a.bitsPerSample === b.bitsPerSample;
}

/**
 * Joins chunk WAVs with `gapMs` of silence between them and returns where each chunk starts
 * and ends, exact to the sample. All parts must share one format (resample first otherwise).
 */
export function concatWav(parts: ParsedWav[], gapMs: number): { wav: Buffer; spans: { startMs: number; endMs: number }[]; durationMs: number } {
  const first = parts[0];
  if (!first) throw new Error('concatWav needs at least one part');
  parts.forEach((p, i) => {
    if (!sameFormat(p, first)) throw new WavFormatMismatchError(i, pick(first), pick(p));
  });
  const frameBytes = (first.bitsPerSample / 8) * first.channels;
  const gapFrames = Math.round((gapMs / 1000) * first.sampleRate);
  const gap = Buffer.alloc(gapFrames * frameBytes);
  const buffers: Buffer[] = [];
  const spans: { startMs: number; endMs: number }[] = [];
  let frames = 0;
  parts.forEach((p, i) => {
    if (i > 0) {
      buffers.push(gap);
      frames += gapFrames;
    }
    const n = p.data.length / frameBytes;
    spans.push({ startMs: (frames / first.sampleRate) * 1000, endMs: ((frames + n) / first.sampleRate) * 1000 });
    buffers.push(p.data);
    frames += n;
  });
  const dataBytes = frames * frameBytes;
  return { wav: Buffer.concat([wavHeader(first, dataBytes), ...buffers]), spans, durationMs: (frames / first.sampleRate) * 1000 };
}

/** Trims leading and trailing near-silence (engines pad each utterance), keeping a few ms. */
export function trimSilence(w: ParsedWav, threshold = 200, keepMs = 30): ParsedWav {
  if (w.bitsPerSample !== 16) return w;
  const frameBytes = 2 * w.channels;
  const frames = w.data.length / frameBytes;
  const loud = (f: number): boolean => {
    for (let c = 0; c < w.channels; c++) if (Math.abs(w.data.readInt16LE(f * frameBytes + c * 2)) > threshold) return true;
    return false;
  };
  let start = 0;
  while (start < frames && !loud(start)) start++;
  let end = frames;
  while (end > start && !loud(end - 1)) end--;
  if (start >= end) return w;
  const keep = Math.round((keepMs / 1000) * w.sampleRate);
  start = Math.max(0, start - keep);
  end = Math.min(frames, end + keep);
  const data = w.data.subarray(start * frameBytes, end * frameBytes);
  return { ...w, data, durationMs: ((end - start) / w.sampleRate) * 1000, headTrimmedMs: (start / w.sampleRate) * 1000 };
}
