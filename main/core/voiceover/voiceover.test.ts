import { describe, expect, it } from 'vitest';
import { alignToSpeech } from './align.js';
import { noiseFloorDb, parseSilences, speechSegments } from './silences.js';
import { applyCuts, cutsFor, mapTime } from './trim.js';
import { wavHeader, parseWav } from '../voice/wav.js';

const SILENCEDETECT = `[silencedetect @ 0x55] silence_start: 0
[silencedetect @ 0x55] silence_end: 0.31 | silence_duration: 0.31
size=N/A time=00:00:01.00
[silencedetect @ 0x55] silence_start: 1.8
[silencedetect @ 0x55] silence_end: 2.95 | silence_duration: 1.15
[silencedetect @ 0x55] silence_start: 4.4
`;

describe('silences and speech (pure)', () => {
  it('parses silencedetect, closing a silence still open at the end, and finds the speech between', () => {
    const s = parseSilences(SILENCEDETECT, 5000);
    expect(s).toEqual([{ startMs: 0, endMs: 310 }, { startMs: 1800, endMs: 2950 }, { startMs: 4400, endMs: 5000 }]);
    expect(speechSegments(s, 5000)).toEqual([{ startMs: 310, endMs: 1800 }, { startMs: 2950, endMs: 4400 }]);
    expect(speechSegments([], 1000)).toEqual([{ startMs: 0, endMs: 1000 }]);
  });

  it('sets the noise floor 30 dB under the loud parts, within −60..−25 dBFS', () => {
    const rate = 8000;
    const data = Buffer.alloc(rate * 2);
    for (let i = 0; i < rate / 2; i++) data.writeInt16LE(Math.round(3277 * Math.sin(i / 3)), i * 2); // about −23 dBFS RMS for half a second
    const w = parseWav(Buffer.concat([wavHeader({ sampleRate: rate, channels: 1, bitsPerSample: 16 }, data.length), data]));
    expect(noiseFloorDb(w)).toBeGreaterThanOrEqual(-56);
    expect(noiseFloorDb(w)).toBeLessThanOrEqual(-50);
  });
});

describe('trimming long pauses (pure)', () => {
  it('keeps 0.2 s on each side of a pause longer than 0.7 s and maps times across the cut', () => {
    const cuts = cutsFor([{ startMs: 1000, endMs: 1500 }, { startMs: 3000, endMs: 4200 }]);
    expect(cuts).toEqual([{ startMs: 3200, endMs: 4000 }]);
    expect(mapTime(2000, cuts)).toBe(2000);
    expect(mapTime(3100, cuts)).toBe(3100);
    expect(mapTime(3500, cuts)).toBe(3200);
    expect(mapTime(4100, cuts)).toBe(3300);
    const rate = 1000;
    const data = Buffer.alloc(5000 * 2);
    const w = parseWav(Buffer.concat([wavHeader({ sampleRate: rate, channels: 1, bitsPerSample: 16 }, data.length), data]));
    expect(applyCuts(w, cuts).durationMs).toBe(4200);
  });
});

describe('alignToSpeech (pure)', () => {
  it('gives each stretch of speech its sentence, breaking at full stops', () => {
    const words = 'Cats purr a lot. Some purr when hurt. Nobody is sure why.'.split(' ');
    const speech = [{ startMs: 300, endMs: 1500 }, { startMs: 2100, endMs: 3300 }, { startMs: 4000, endMs: 5300 }];
    const r = alignToSpeech(words, speech);
    expect(r.map((w) => w.text)).toEqual(words);
    expect(r[0]?.startMs).toBe(300);
    expect(r[4]?.startMs).toBe(2100);
    expect(r[8]?.startMs).toBe(4000);
    expect(r.at(-1)?.endMs).toBe(5300);
    for (let i = 1; i < r.length; i++) expect(r[i]!.startMs).toBeGreaterThanOrEqual(r[i - 1]!.endMs);
  });

  it('lets a stray noise stretch stay empty, and copes with no pauses at all', () => {
    const words = 'One two three. Four five six.'.split(' ');
    const r = alignToSpeech(words, [{ startMs: 0, endMs: 1000 }, { startMs: 1300, endMs: 1360 }, { startMs: 1700, endMs: 2700 }]);
    expect(r[3]?.startMs).toBe(1700);
    expect(alignToSpeech(words, [{ startMs: 100, endMs: 2100 }]).map((w) => w.startMs)[0]).toBe(100);
  });
});
