import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { specToArgs } from '../ffmpeg-spec.js';
import { buildSpeechActivitySpec, parseSilences, speechFromSilences } from './speech-activity.js';
import { checkCaptionSync, syncWarning } from './sync-check.js';

const chunks = [{ text: 'one two', sentence: 0, startMs: 0, endMs: 1000 }, { text: 'three', sentence: 1, startMs: 1200, endMs: 2000 }];
const inSync = [
  { text: 'one', startMs: 0, endMs: 500, chunk: 0 },
  { text: 'two', startMs: 500, endMs: 1000, chunk: 0 },
  { text: 'three', startMs: 1200, endMs: 2000, chunk: 1 },
];
const speech = [{ startMs: 0, endMs: 1000 }, { startMs: 1200, endMs: 2000 }];

describe('checkCaptionSync', () => {
  it('passes words inside their chunks and inside the measured speech', () => {
    const r = checkCaptionSync(inSync, chunks, 2000, 30, speech);
    expect(r).toMatchObject({ words: 3, checkedAgainst: 'timings+audio', drifted: [], maxDriftMs: 0, frameMs: 33.3 });
    expect(syncWarning(r)).toBeNull();
  });

  it('reports a word highlighted over silence, one that starts in a pause, and one outside its chunk', () => {
    const words = [
      { text: 'one', startMs: 0, endMs: 400, chunk: 0 },
      // Speech pauses 400–700: "two" is lit 300 ms before it is said.
      { text: 'two', startMs: 400, endMs: 1000, chunk: 0 },
      { text: 'three', startMs: 1100, endMs: 2000, chunk: 1 },
    ];
    const gappy = [{ startMs: 0, endMs: 400 }, { startMs: 700, endMs: 1000 }, { startMs: 1200, endMs: 2000 }];
    const r = checkCaptionSync(words, chunks, 2000, 30, gappy);
    expect(r.drifted.map((d) => [d.text, d.reason, d.driftMs])).toEqual([['two', 'starts in silence', 300], ['three', 'outside its chunk', 100]]);
    expect(r.maxDriftMs).toBe(300);
    expect(syncWarning(r)).toMatch(/2 of 3 words drift more than one frame \(33\.3 ms\).*up to 300 ms.*"two" at 0\.40 s/);
  });

  it('tolerates drift up to one frame and flags empty timings', () => {
    const nearly = [{ ...inSync[0]!, startMs: 0, endMs: 500 }, { ...inSync[1]!, startMs: 520, endMs: 1000 }, inSync[2]!];
    expect(checkCaptionSync(nearly, chunks, 2000, 30, [{ startMs: 0, endMs: 480 }, { startMs: 540, endMs: 1000 }, speech[1]!]).drifted).toEqual([]);
    const zero = checkCaptionSync([{ text: 'x', startMs: 100, endMs: 100, chunk: 0 }], chunks, 2000, 30, null);
    expect(zero.checkedAgainst).toBe('timings');
    expect(zero.drifted[0]!.reason).toBe('no time');
  });

  it('a word entirely in silence is off by at least its own length', () => {
    const r = checkCaptionSync([{ text: 'ghost', startMs: 1020, endMs: 1180, chunk: 0 }], [{ text: 'ghost', sentence: 0, startMs: 1000, endMs: 1200 }], 2000, 30, speech);
    expect(r.drifted[0]).toMatchObject({ reason: 'in silence', driftMs: 160 });
  });
});

describe('speech activity', () => {
  it('parses silencedetect events written by ametadata', () => {
    const text = [
      'frame:0    pts:0       pts_time:0', 'lavfi.silence_start=0',
      'frame:9    pts:4608    pts_time:0.2', 'lavfi.silence_end=0.21', 'lavfi.silence_duration=0.21',
      'frame:40   pts:20480   pts_time:1.1', 'lavfi.silence_start=1.05',
      'frame:50   pts:25600   pts_time:1.3', 'lavfi.silence_end=1.27', 'lavfi.silence_duration=0.22',
      'frame:90   pts:46080   pts_time:2.4', 'lavfi.silence_start=2.4',
    ].join('\n');
    const silences = parseSilences(text, 2600);
    expect(silences).toEqual([{ startMs: 0, endMs: 210 }, { startMs: 1050, endMs: 1270 }, { startMs: 2400, endMs: 2600 }]);
    expect(speechFromSilences(silences, 2600, 0)).toEqual([{ startMs: 210, endMs: 1050 }, { startMs: 1270, endMs: 2400 }]);
    expect(speechFromSilences(silences, 2600)).toEqual([{ startMs: 180, endMs: 1080 }, { startMs: 1240, endMs: 2430 }]);
  });
});

describe('the sync check on real audio', () => {
  it('finds the pause in a voice and reports the word highlighted over it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-sync-'));
    try {
      // 1 s of "speech", 0.5 s of silence, 1 s of "speech", as a TTS WAV (mono 24 kHz).
      const wav = path.join(dir, 'voice.wav');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=220:r=24000:d=1', '-f', 'lavfi', '-i', 'anullsrc=r=24000:cl=mono:d=0.5', '-f', 'lavfi', '-i', 'sine=f=330:r=24000:d=1',
        '-filter_complex', '[0:a][1:a][2:a]concat=n=3:v=0:a=1', '-ac', '1', '-c:a', 'pcm_s16le', wav]);
      const events = path.join(dir, 'events.txt');
      execFileSync('ffmpeg', specToArgs(buildSpeechActivitySpec(wav, events, path.join(dir, 'null.out')), ['-v', 'error']));
      const silences = parseSilences(readFileSync(events, 'utf8'), 2500);
      expect(silences).toHaveLength(1);
      expect(silences[0]!.startMs).toBeGreaterThan(950);
      expect(silences[0]!.endMs).toBeLessThan(1550);
      const chunk = [{ text: 'a b c', sentence: 0, startMs: 0, endMs: 2500 }];
      // An estimate that spreads three words evenly puts "b" in the pause.
      const words = [{ text: 'a', startMs: 0, endMs: 833, chunk: 0 }, { text: 'b', startMs: 1050, endMs: 1450, chunk: 0 }, { text: 'c', startMs: 1500, endMs: 2500, chunk: 0 }];
      const r = checkCaptionSync(words, chunk, 2500, 30, speechFromSilences(silences, 2500));
      expect(r.drifted.map((d) => d.text)).toEqual(['b']);
      expect(r.drifted[0]!.reason).toBe('in silence');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
