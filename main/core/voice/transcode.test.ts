import { describe, expect, it } from 'vitest';
import { toMonoPcm16 } from './transcode.js';
import { wavHeader } from './wav.js';

describe('toMonoPcm16 (real ffmpeg)', () => {
  it('resamples a 16 kHz stereo WAV to 22.05 kHz mono, keeping the duration', async () => {
    const frames = 16000 / 4; // 250 ms
    const data = Buffer.alloc(frames * 4);
    for (let i = 0; i < frames; i++) {
      const v = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16000));
      data.writeInt16LE(v, i * 4);
      data.writeInt16LE(v, i * 4 + 2);
    }
    const out = await toMonoPcm16(Buffer.concat([wavHeader({ sampleRate: 16000, channels: 2, bitsPerSample: 16 }, data.length), data]), 22050);
    expect(out).toMatchObject({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    expect(out.durationMs).toBeGreaterThan(245);
    expect(out.durationMs).toBeLessThan(256);
    expect(Math.max(...Array.from({ length: 500 }, (_, i) => Math.abs(out.data.readInt16LE(i * 2))))).toBeGreaterThan(4000);
  });

  it('reports undecodable bytes and a missing ffmpeg in plain words', async () => {
    await expect(toMonoPcm16(Buffer.from('definitely not audio'), 24000)).rejects.toThrow(/could not be decoded/);
    await expect(toMonoPcm16(Buffer.alloc(10), 24000, undefined, '/nonexistent/ffmpeg')).rejects.toMatchObject({ kind: 'config', subject: 'FFMPEG_PATH' });
  });
});
