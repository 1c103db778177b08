import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { captionFontFamily } from '../fonts.js';
import { assTime, buildAss, escapeAssText, listCaptionStyles } from './ass.js';
import { timeChunks } from './timing.js';

const WJ = '\u2060';
const size = { width: 1080, height: 1920 };

function dialogues(ass: string): string[] {
  return ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
}
/** The Text field: everything after the 9th comma. */
function textOf(dialogue: string): string {
  return dialogue.split(',').slice(9).join(',');
}
/** Override blocks libass would parse: a `{` not preceded by a backslash, up to the next `}`. */
function overrideBlocks(text: string): string[] {
  return [...text.matchAll(/(?<!\\)\{([^}]*)\}/g)].map((m) => m[1] ?? '');
}

describe('escapeAssText', () => {
  it('turns override braces into literal braces', () => {
    expect(escapeAssText('{\\fs200}big')).toBe(`\\{\\${WJ}fs200\\}big`);
    expect(overrideBlocks(escapeAssText('{\\fs200}big'))).toEqual([]);
  });

  it('breaks every backslash escape (\\N, \\h, \\n, \\{) with a word joiner', () => {
    const out = escapeAssText('a\\Nb\\hc\\nd\\\\e');
    expect(out).toBe(`a\\${WJ}Nb\\${WJ}hc\\${WJ}nd\\${WJ}\\${WJ}e`);
    expect(out).not.toMatch(/\\[Nnh{}\\]/);
  });

  it('replaces real line breaks with spaces and drops control characters', () => {
    expect(escapeAssText('one\ntwo\r\nthree\u0007')).toBe('one two three');
  });

  it('passes emoji, CJK and RTL text through', () => {
    for (const t of ['🐱🔥', '猫は喉を鳴らす', 'مرحبا بالعالم', 'שלום']) expect(escapeAssText(t)).toBe(t);
  });
});

describe('assTime', () => {
  it('formats H:MM:SS.cc', () => {
    expect(assTime(0)).toBe('0:00:00.00');
    expect(assTime(3_723_456)).toBe('1:02:03.46');
    expect(assTime(-5)).toBe('0:00:00.00');
  });
});

describe('buildAss', () => {
  const timed = timeChunks(['Why do cats', 'purr {\\fs200} \\N?'], [{ startMs: 0, endMs: 1200 }, { startMs: 1300, endMs: 2500 }]);

  it('declares the frame, the bundled font family, bold, outline and a lower-middle position', () => {
    const ass = buildAss(timed, 'bold', size);
    expect(ass).toContain('PlayResX: 1080');
    expect(ass).toContain('PlayResY: 1920');
    const style = ass.split('\n').find((l) => l.startsWith('Style: Caption,'))!;
    const f = style.slice('Style: '.length).split(',');
    expect(f[1]).toBe(captionFontFamily);
    expect(f[7]).toBe('-1'); // bold
    expect(Number(f[16])).toBeGreaterThanOrEqual(4); // outline px
    expect(Number(f[17])).toBeGreaterThan(0); // shadow
    expect(f[18]).toBe('2'); // bottom centre
    const marginV = Number(f[21]);
    // Bottom of the text between 68 % and 75 % of the height: above the platform UI.
    expect(1 - marginV / 1920).toBeGreaterThanOrEqual(0.68);
    expect(1 - marginV / 1920).toBeLessThanOrEqual(0.75);
  });

  it('highlights exactly one word per event, in time order, without overlaps', () => {
    const ev = dialogues(buildAss(timed, 'bold', size));
    const words = timed.flatMap((c) => c.words);
    expect(ev.length).toBe(words.length);
    let prevEnd = 0;
    for (const d of ev) {
      const [, start, end] = d.split(',');
      const toMs = (t: string): number => {
        const [h, m, s] = t.split(':');
        return (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000;
      };
      expect(toMs(start!)).toBeGreaterThanOrEqual(prevEnd - 1e-6);
      expect(toMs(end!)).toBeGreaterThan(toMs(start!));
      prevEnd = toMs(end!);
      const blocks = overrideBlocks(textOf(d));
      expect(blocks).toHaveLength(2); // highlight on, reset
      expect(blocks[0]).toMatch(/^\\1c&H[0-9A-F]{6}&/);
      expect(blocks[1]).toBe('\\r');
    }
  });

  it('cannot be injected: the script text adds no override tag and no line break', () => {
    const ev = dialogues(buildAss(timed, 'bold', size)).filter((d) => d.includes('fs200'));
    expect(ev.length).toBeGreaterThan(0);
    for (const d of ev) {
      const blocks = overrideBlocks(textOf(d));
      expect(blocks.join('')).not.toContain('fs200');
      expect(textOf(d)).toContain(`\\{\\${WJ}fs200\\}`);
      expect(textOf(d)).not.toMatch(/\\N/);
    }
  });

  it('joins CJK characters without spaces and uppercases for pop', () => {
    const cjk = timeChunks(['猫です'], [{ startMs: 0, endMs: 300 }]);
    expect(textOf(dialogues(buildAss(cjk, 'bold', size))[0]!)).toMatch(/^\{[^}]+\}猫\{\\r\}です$/);
    const pop = buildAss(timeChunks(['big cat'], [{ startMs: 0, endMs: 500 }]), 'pop', size);
    expect(pop).toContain('BIG');
    expect(pop).toContain('\\fscx112');
  });

  it('scales with the frame and lists its styles', () => {
    const small = buildAss(timed, 'clean', { width: 180, height: 320 });
    expect(small).toContain('PlayResY: 320');
    expect(listCaptionStyles().map((s) => s.name)).toEqual(['bold', 'clean', 'pop']);
  });

  it('an unknown style is a usage error naming the styles', () => {
    expect(() => buildAss(timed, 'neon', size)).toThrow(UserError);
    expect(() => buildAss(timed, 'neon', size)).toThrow(/bold, clean, pop/);
  });
});
