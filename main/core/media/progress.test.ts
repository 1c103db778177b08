import { describe, expect, it } from 'vitest';
import { FfmpegProgressParser, parseTimecode } from './progress.js';

describe('parseTimecode', () => {
  it('parses ffmpeg time forms', () => {
    expect(parseTimecode('00:00:01.500000')).toBeCloseTo(1.5);
    expect(parseTimecode('01:02:03.04')).toBeCloseTo(3723.04);
    expect(parseTimecode('02:03.5')).toBeCloseTo(123.5);
    expect(parseTimecode('7.25')).toBeCloseTo(7.25);
    expect(parseTimecode('-00:00:00.02')).toBeCloseTo(-0.02);
    expect(parseTimecode('N/A')).toBeUndefined();
  });
});

describe('FfmpegProgressParser: -progress blocks', () => {
  const block = (us: number, end = false): string =>
    `frame=10\nfps=29.5\nout_time_us=${us}\nout_time_ms=${us}\nout_time=00:00:0${us / 1e6}\nspeed=2.00x\nprogress=${end ? 'end' : 'continue'}\n`;

  it('reports fraction, fps, speed and ETA per block', () => {
    const p = new FfmpegProgressParser(10);
    const [u] = p.push(block(2_500_000));
    expect(u).toMatchObject({ fraction: 0.25, outTimeSec: 2.5, fps: 29.5, speed: 2 });
    expect(u!.etaSec).toBeCloseTo(3.75);
  });

  it('joins lines split across chunks', () => {
    const p = new FfmpegProgressParser(4);
    const text = block(1_000_000) + block(2_000_000);
    const updates = [];
    for (let i = 0; i < text.length; i += 7) updates.push(...p.push(text.slice(i, i + 7)));
    expect(updates.map((u) => u.fraction)).toEqual([0.25, 0.5]);
  });

  it('stays below 1 until progress=end, then reports 1 with no ETA left', () => {
    const p = new FfmpegProgressParser(2);
    expect(p.push(block(2_400_000))[0]!.fraction).toBeLessThan(1);
    const [end] = p.push(block(2_400_000, true));
    expect(end).toMatchObject({ fraction: 1, etaSec: 0 });
  });

  it('treats out_time_ms as microseconds (ffmpeg quirk)', () => {
    const p = new FfmpegProgressParser(10);
    expect(p.push('out_time_ms=5000000\nprogress=continue\n')[0]!.outTimeSec).toBe(5);
  });

  it('never goes backwards and clamps negative start times', () => {
    const p = new FfmpegProgressParser(10);
    const fractions = [
      ...p.push('out_time_us=-20000\nprogress=continue\n'),
      ...p.push('out_time_us=3000000\nprogress=continue\n'),
      ...p.push('out_time_us=N/A\nprogress=continue\n'),
      ...p.push('out_time_us=2000000\nprogress=continue\n'),
    ].map((u) => u.fraction);
    expect(fractions[0]).toBe(0);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions.at(-1)).toBeCloseTo(0.3);
  });
});

describe('FfmpegProgressParser: stderr stats lines', () => {
  it('parses \\r-terminated stats lines', () => {
    const p = new FfmpegProgressParser(8);
    const updates = p.push(
      'frame=   12 fps=0.0 q=-1.0 size=       0kB time=00:00:00.40 bitrate=N/A speed=0.8x    \r' +
      'frame=   60 fps= 30 q=28.0 size=     256kB time=00:00:02.00 bitrate=1048.6kbits/s speed=1.01x    \r',
    );
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ fraction: 0.25, outTimeSec: 2, fps: 30, speed: 1.01 });
    expect(updates[1]!.etaSec).toBeCloseTo(6 / 1.01);
  });

  it('ignores time=N/A and unrelated lines', () => {
    const p = new FfmpegProgressParser(8);
    expect(p.push('Input #0, lavfi, from \'x\':\nframe=0 fps=0.0 size=N/A time=N/A bitrate=N/A speed=N/A\r')).toEqual([]);
    expect(p.pushLine('[libx264 @ 0x1] using cpu capabilities: MMX2 SSE2Fast')).toBeUndefined();
  });

  it('flushes a final unterminated line on end()', () => {
    const p = new FfmpegProgressParser(4);
    expect(p.push('frame=1 time=00:00:01.00 speed=1x')).toEqual([]);
    expect(p.end()[0]!.fraction).toBeCloseTo(0.25);
    expect(p.last?.outTimeSec).toBe(1);
  });

  it('without an expected duration the fraction stays 0 until the end', () => {
    const p = new FfmpegProgressParser(0);
    expect(p.pushLine('frame=1 time=00:00:01.00 speed=1x')?.fraction).toBe(0);
    expect(p.pushLine('progress=end')?.fraction).toBe(1);
  });
});
