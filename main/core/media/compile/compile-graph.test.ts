import { describe, expect, it } from 'vitest';
import { buildCompileSpec, buildNaiveMultiPassSpecs, buildThumbnailSpec, totalDurationSec, type CompileParams } from './compile-graph.js';
import { buildVideoTrack, coverCrop, type ShotSource } from './video-track.js';
import { specToArgs } from '../ffmpeg-spec.js';
import { filterPath } from '../filter-escape.js';
import { resolvePreset } from '../presets.js';

const preset = resolvePreset('shorts', undefined, 'final');
const clip: ShotSource = { kind: 'file', path: '/clips/-my clip, [1].mp4', startSec: 12.5, loop: false };
const base: CompileParams = {
  shots: [{ source: clip, durationSec: 10.6 }],
  audio: { voiceWav: '/tmp/voice.wav', voiceGainDb: 3.5, master: { gainDb: 11.25, limitDb: -2 }, totalSec: totalDurationSec(10) },
  overlays: { assPath: '/tmp/captions.ass', fontsDir: '/app/assets/fonts' },
  preset,
  outPath: '/tmp/out.mp4',
  totalSec: totalDurationSec(10),
};
const withShot = (source: ShotSource, totalSec = base.totalSec): CompileParams => ({ ...base, shots: [{ source, durationSec: totalSec }], totalSec });

describe('coverCrop', () => {
  it('crops to the target aspect in display proportions with even sizes, then scales exactly', () => {
    const f = coverCrop(1080, 1920);
    expect(f).toContain('crop=w=2*trunc(min(iw\\,ih*1080/1920/sar)/2):h=2*trunc(min(ih\\,iw*sar/(1080/1920))/2)');
    expect(f).toContain('scale=1080:1920');
    expect(f).toMatch(/setsar=1$/);
    expect(f).not.toMatch(/force_original_aspect_ratio=disable|scale=1080:1920:force/); // never a plain stretch without crop
  });
});

describe('filterPath', () => {
  it('escapes a nasty path for both filtergraph levels', () => {
    const nasty = "/tmp/it's [a], b; c:d\\e.ass";
    expect(filterPath(nasty)).toBe("/tmp/it\\\\\\'s \\[a\\]\\, b\\; c\\\\:d\\\\\\\\e.ass");
  });
});

describe('buildCompileSpec', () => {
  it('is one invocation: background, voice; mapped streams only; trimmed to voice + tail', () => {
    const spec = buildCompileSpec(base);
    expect(spec.inputs).toHaveLength(2);
    expect(spec.inputs[0]).toEqual({ source: '/clips/-my clip, [1].mp4', options: ['-ss', '12.5'] });
    expect(spec.inputs[1]).toEqual({ source: '/tmp/voice.wav', options: [] });
    expect(spec.outputs).toHaveLength(1);
    const o = spec.outputs[0]!.options;
    expect(o.slice(0, 4)).toEqual(['-map', '[v]', '-map', '[a]']);
    expect(o[o.indexOf('-t') + 1]).toBe('10.6');
    expect(spec.durationSec).toBeCloseTo(10.6);
    expect(o).toEqual(expect.arrayContaining(['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', '30', '-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '+faststart']));
  });

  it('can write the thumbnail in the same pass: the picture is split, one frame at the moment asked, scaled', () => {
    const spec = buildCompileSpec({ ...base, thumbnail: { path: '/tmp/t.jpg', atSec: 1.5, width: 541 } });
    expect(spec.inputs).toHaveLength(2); // no second decode
    expect(spec.filterComplex).toContain('[v]split=2[vmain][vthumb];[vthumb]trim=start=1.5:duration=0.5,setpts=PTS-STARTPTS,scale=542:-2:flags=bicubic[thumb]');
    expect(spec.outputs.map((o) => o.path)).toEqual(['/tmp/out.mp4', '/tmp/t.jpg']);
    expect(spec.outputs[0]!.options.slice(0, 4)).toEqual(['-map', '[vmain]', '-map', '[a]']);
    expect(spec.outputs[1]!.options).toEqual(['-map', '[thumb]', '-frames:v', '1', '-an', '-q:v', '3', '-f', 'image2', '-update', '1']);
  });

  it('adds -threads only when asked', () => {
    expect(buildCompileSpec(base).outputs[0]!.options).not.toContain('-threads');
    const o = buildCompileSpec({ ...base, threads: 1 }).outputs[0]!.options;
    expect(o[o.indexOf('-threads') + 1]).toBe('1');
  });

  it('passes file paths as single argv elements', () => {
    const args = specToArgs(buildCompileSpec(base));
    expect(args).toContain('/clips/-my clip, [1].mp4');
    expect(args[args.indexOf('/clips/-my clip, [1].mp4') - 1]).toBe('-i');
    expect(args.at(-1)).toBe('/tmp/out.mp4');
  });

  it('crops, sets fps and pixel format, then burns the captions with the fonts dir', () => {
    const g = buildCompileSpec(base).filterComplex!;
    expect(g).toMatch(/^\[0:v\]crop=w=.*scale=1080:1920.*setsar=1,fps=30,.*format=yuv420p\[base\];\[base\]ass=filename=\/tmp\/captions\.ass:fontsdir=\/app\/assets\/fonts\[v\]/);
    // The measured levels, applied in the one pass: voice gain and compression, master gain, limiter.
    expect(g).toMatch(/\[1:a\][^;]*volume=3\.5dB,acompressor=[^;]*apad,aformat=[^;]*stereo,volume=11\.25dB,alimiter=limit=0\.794:[^;]*latency=1\[a\]$/);
    expect(g).not.toContain('loudnorm');
    expect(g).not.toContain('sidechaincompress');
    expect(g).not.toContain('[0:a]'); // the background's own sound is never used
  });

  it('ducks looped, faded music at its measured level under the voice only when there is music', () => {
    const spec = buildCompileSpec({ ...base, audio: { ...base.audio, music: { path: '/music/bed.mp3', gainDb: -9.5 } } });
    expect(spec.inputs[2]).toEqual({ source: '/music/bed.mp3', options: ['-stream_loop', '-1'] });
    const g = spec.filterComplex!;
    expect(g).toMatch(/\[1:a\][^;]*asplit=2\[voice\]\[key\]/);
    expect(g).toMatch(/\[2:a\][^;]*volume=-9\.5dB,afade=t=in:d=1,afade=t=out:st=9\.1:d=1\.5\[bed\]/);
    expect(g).toMatch(/\[bed\]\[key\]sidechaincompress=[^;]*\[ducked\]/);
    expect(g).toMatch(/\[voice\]\[ducked\]amix=inputs=2:duration=first:normalize=0,aformat=[^;]*alimiter=[^;]*\[a\]$/);
  });

  it('loops a short clip from its start instead of seeking', () => {
    const spec = buildCompileSpec(withShot({ kind: 'file', path: '/c.mp4', startSec: 3, loop: true }));
    expect(spec.inputs[0]!.options).toEqual(['-stream_loop', '-1']);
    expect(spec.filterComplex).not.toContain('tpad');
  });

  it('uses a lavfi input for a built-in background, already at size', () => {
    const spec = buildCompileSpec(withShot({ kind: 'builtin', name: 'aurora' }, totalDurationSec(10, 1)));
    expect(spec.inputs[0]!.options).toEqual(['-f', 'lavfi']);
    expect(spec.inputs[0]!.source).toContain('scale=1080:1920');
    expect(spec.inputs[0]!.source).toContain('d=11');
    expect(spec.filterComplex).not.toContain('crop=');
  });

  it('escapes nasty caption and font paths inside the graph', () => {
    const spec = buildCompileSpec({ ...base, overlays: { assPath: "/tmp/it's [a], b; c:d.ass", fontsDir: 'C:\\Fonts, Inc' } });
    expect(spec.filterComplex).toContain(`ass=filename=${filterPath("/tmp/it's [a], b; c:d.ass")}:fontsdir=${filterPath('C:\\Fonts, Inc')}[v]`);
  });
});

describe('buildVideoTrack', () => {
  it('opens each shot as its own input, trims it to its length and concatenates them in the graph', () => {
    const part = buildVideoTrack([
      { source: { kind: 'file', path: '/a.mp4', startSec: 4, loop: false }, durationSec: 2.5 },
      { source: { kind: 'builtin', name: 'aurora' }, durationSec: 1.25 },
      { source: { kind: 'file', path: '/b.mp4', startSec: 0, loop: true }, durationSec: 3 },
    ], preset, 2);
    // Each file is read only for its own span (plus a little slack): twenty decoders stay cheap.
    expect(part.inputs.map((i) => i.options)).toEqual([['-ss', '4', '-threads', '1', '-t', '3'], ['-f', 'lavfi'], ['-stream_loop', '-1', '-threads', '1', '-t', '3.5']]);
    expect(part.filter).toContain('[2:v]crop=');
    expect(part.filter).toMatch(/\[3:v\]setsar=1,fps=30,format=yuv420p,trim=duration=1\.25,setpts=PTS-STARTPTS\[shot1\]/);
    expect(part.filter).toMatch(/\[4:v\][^;]*trim=duration=3,setpts=PTS-STARTPTS\[shot2\]/);
    expect(part.filter).toMatch(/\[shot0\]\[shot1\]\[shot2\]concat=n=3:v=1:a=0\[base\]$/);
    expect(part.out).toBe('base');
  });

  it('refuses an empty shot list', () => {
    expect(() => buildVideoTrack([], preset, 0)).toThrow(/at least one shot/);
  });

  it('moves a still with a sub-pixel zoom (perspective), never zoompan', () => {
    const part = buildVideoTrack([
      { source: { kind: 'still', path: '/p.jpg', move: 'push-in' }, durationSec: 2 },
      { source: { kind: 'still', path: '/q.png', move: 'pull-out' }, durationSec: 3 },
    ], preset, 0);
    expect(part.inputs).toEqual([{ source: '/p.jpg', options: [] }, { source: '/q.png', options: [] }]);
    expect(part.filter).not.toContain('zoompan');
    // One decoded frame repeated for the shot's 60 frames, then zoomed 1 → 1.12 about the centre.
    expect(part.filter).toContain('[0:v]crop=');
    expect(part.filter).toContain('loop=loop=59:size=1:start=0,setpts=N/(30*TB)');
    expect(part.filter).toContain("perspective=x0='W/2-W/2/(1+0.12*in/59)'");
    expect(part.filter).toContain("x3='W/2+W/2/(1+0.12*(1-in/89))':y3='H/2+H/2/(1+0.12*(1-in/89))'");
    expect(part.filter).toContain('interpolation=linear:sense=source:eval=frame');
  });

  it('slows a scene a little short for its shot before fixing the frame rate', () => {
    const part = buildVideoTrack([
      { source: { kind: 'file', path: '/a.mp4', startSec: 2, loop: false, speed: 0.8 }, durationSec: 2 },
      { source: { kind: 'builtin', name: 'aurora' }, durationSec: 1 },
    ], preset, 0);
    expect(part.inputs[0]?.options).toEqual(['-ss', '2', '-threads', '1', '-t', '3']);
    expect(part.filter).toMatch(/setsar=1,setpts=\(PTS-STARTPTS\)\/0\.8,fps=30,tpad=stop=-1:stop_mode=clone,format=yuv420p,trim=duration=2,/);
  });

  it('plays neighbouring shots of one built-in look as one (its animation does not restart)', () => {
    const part = buildVideoTrack([
      { source: { kind: 'builtin', name: 'aurora' }, durationSec: 2 },
      { source: { kind: 'builtin', name: 'aurora' }, durationSec: 3 },
      { source: { kind: 'file', path: '/a.mp4', startSec: 0, loop: false }, durationSec: 1 },
    ], preset, 0);
    expect(part.inputs).toHaveLength(2);
    expect(part.inputs[0]?.source).toContain('d=5');
    expect(part.filter).toContain('concat=n=2');
  });

  it('cross-dissolves for 0.25 s centred on each boundary, keeping the track length', () => {
    const part = buildVideoTrack([
      { source: { kind: 'file', path: '/a.mp4', startSec: 0, loop: false }, durationSec: 2 },
      { source: { kind: 'file', path: '/b.mp4', startSec: 0, loop: false }, durationSec: 3 },
      { source: { kind: 'file', path: '/c.mp4', startSec: 0, loop: false }, durationSec: 1.5 },
    ], preset, 0, 'fade');
    // Inner shots play 0.125 s longer on each side they meet a neighbour.
    expect(part.filter).toContain('trim=duration=2.125,');
    expect(part.filter).toContain('trim=duration=3.25,');
    expect(part.filter).toContain('trim=duration=1.625,');
    expect(part.filter).toContain('[shot0][shot1]xfade=transition=fade:duration=0.25:offset=1.875[fade1]');
    expect(part.filter).toContain('[fade1][shot2]xfade=transition=fade:duration=0.25:offset=4.875[base]');
    expect(part.filter).not.toContain('concat=');
    // 2.125 + 3.25 + 1.625 − 2 × 0.25 = 6.5: the same length as the cuts.
  });
});

describe('buildCompileSpec with several shots', () => {
  it('numbers the voice and music inputs after the shots', () => {
    const spec = buildCompileSpec({
      ...base,
      shots: [{ source: clip, durationSec: 5 }, { source: { kind: 'file', path: '/b.mp4', startSec: 1, loop: false }, durationSec: 5.6 }],
      audio: { ...base.audio, music: { path: '/m.mp3', gainDb: -10 } },
    });
    expect(spec.inputs.map((i) => i.source)).toEqual(['/clips/-my clip, [1].mp4', '/b.mp4', '/tmp/voice.wav', '/m.mp3']);
    expect(spec.filterComplex).toMatch(/\[2:a\][^;]*asplit=2/);
    expect(spec.filterComplex).toMatch(/\[3:a\][^;]*volume=/);
  });
});

describe('buildNaiveMultiPassSpecs', () => {
  it('is three passes: picture, audio mux (video copied), subtitles (audio copied)', () => {
    const [crop, mux, subs] = buildNaiveMultiPassSpecs({ ...base, audio: { ...base.audio, music: { path: '/m.mp3', gainDb: -10 } } }, { cropped: '/t/1.mp4', muxed: '/t/2.mp4' });
    expect(crop!.outputs[0]!.path).toBe('/t/1.mp4');
    expect(crop!.filterComplex).toContain('crop=');
    expect(crop!.filterComplex).not.toContain('ass=');
    expect(mux!.inputs.map((i) => i.source)).toEqual(['/t/1.mp4', '/tmp/voice.wav', '/m.mp3']);
    expect(mux!.outputs[0]!.options).toEqual(expect.arrayContaining(['-c:v', 'copy']));
    expect(mux!.filterComplex).toContain('sidechaincompress');
    expect(subs!.inputs[0]!.source).toBe('/t/2.mp4');
    expect(subs!.filterComplex).toContain('ass=filename=');
    expect(subs!.outputs[0]!.path).toBe('/tmp/out.mp4');
  });
});

describe('buildThumbnailSpec', () => {
  it('grabs one frame at the time, scaled to an even width', () => {
    const spec = buildThumbnailSpec('/v.mp4', 1.5, '/t.jpg', 541);
    expect(spec.inputs[0]).toEqual({ source: '/v.mp4', options: ['-ss', '1.5'] });
    expect(spec.outputs[0]!.options).toEqual(expect.arrayContaining(['-frames:v', '1', '-vf', 'scale=542:-2:flags=bicubic']));
  });
});
