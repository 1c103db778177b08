import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontsDir } from '../fonts.js';
import { parseFont } from './font-metrics.js';
import { resolveFont } from './font-lookup.js';
import { fallbackWidth, fontMeasure } from './text-width.js';

const font = (name: string): Buffer => readFileSync(path.join(fontsDir(), name));

describe('parseFont', () => {
  it('reads names in the order libass matches them, boldness and advance widths (TTF and CFF OTF)', () => {
    const noto = parseFont(font('NotoSans-Bold.ttf'));
    expect(noto.families[0]).toBe('Noto Sans');
    expect(noto.bold).toBe(true);
    // Widths in font-size units (win ascent + descent = the ASS size): W is wider than i, space narrow.
    expect(noto.advance(0x57)!).toBeGreaterThan(noto.advance(0x69)!);
    expect(noto.advance(0x57)!).toBeGreaterThan(0.5);
    expect(noto.advance(0x57)!).toBeLessThan(0.9);
    expect(noto.advance(0x732b)).toBeNull(); // 猫: not in the Latin font
    const bebas = parseFont(font('BebasNeue-Bold.otf'));
    expect(bebas.families[0]).toBe('Bebas Neue Bold');
    expect(bebas.families).toContain('Bebas Neue');
    expect(bebas.advance(0x57)!).toBeLessThan(noto.advance(0x57)!); // condensed
  });

  it('refuses what is not a font', () => {
    expect(() => parseFont(Buffer.from('not a font at all, just text'), 'x.ttf')).toThrow(/x\.ttf/);
  });

  it('measures known glyphs from the font and the rest conservatively', () => {
    const m = fontMeasure(parseFont(font('NotoSans-Bold.ttf')));
    expect(m.width('WWW')).toBeGreaterThan(m.width('iii'));
    expect(m.width('猫猫')).toBeCloseTo(2 * fallbackWidth('猫') * 1.06, 5);
    expect(fallbackWidth('\u200f')).toBe(0);
  });
});

describe('resolveFont', () => {
  it('finds a bundled font by any of its names and gives the name libass matches', async () => {
    const f = await resolveFont('Bebas Neue', true, fontsDir());
    expect(f.family).toBe('Bebas Neue Bold');
    expect(f.identity).toBe('bundled:BebasNeue-Bold.otf');
  });

  it('refuses a font that is neither bundled nor installed, saying how to list them', async () => {
    await expect(resolveFont('No Such Font Family 123', true, fontsDir())).rejects.toThrow(/neither bundled .* nor installed.*fc-list/);
  });
});
