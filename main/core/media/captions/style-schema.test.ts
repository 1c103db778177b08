import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { builtinCaptionStyles, builtinTitleStyles, findBuiltinCaptionStyle, getCaptionStyle } from './builtin-styles.js';
import { captionStyleSchema, deepMerge, parseStyleData, titleStyleSchema } from './style-schema.js';

const parse = (data: unknown): unknown => parseStyleData(data, captionStyleSchema, 'Caption style mine.json', findBuiltinCaptionStyle, 'mine.json');

describe('caption style data', () => {
  it('ships the popular looks, the first three under their old names, every one valid', () => {
    const names = builtinCaptionStyles().map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(['bold', 'clean', 'pop']);
    expect(names).toEqual(expect.arrayContaining(['one-word', 'boxed', 'lower-third', 'word-box']));
    for (const s of builtinCaptionStyles()) expect(captionStyleSchema.parse(s)).toEqual(s);
    for (const s of builtinTitleStyles()) expect(titleStyleSchema.parse(s)).toEqual(s);
    expect(getCaptionStyle('bold').highlight).toMatchObject({ mode: 'colour', colour: '#FFE100' });
    expect(getCaptionStyle('one-word').layout).toEqual({ wordsPerCaption: 1 });
  });

  it('a three-line file extends a built-in; objects merge field by field', () => {
    const s = parse({ version: 1, name: 'mine', extends: 'bold', highlight: { colour: '#FF0000' }, layout: { wordsPerCaption: 5 } }) as ReturnType<typeof getCaptionStyle>;
    expect(s.name).toBe('mine');
    expect(s.highlight).toEqual({ ...getCaptionStyle('bold').highlight, colour: '#FF0000' });
    expect(s.layout).toEqual({ wordsPerCaption: 5 });
    expect(s.font).toEqual(getCaptionStyle('bold').font);
    expect(deepMerge({ a: { b: 1, c: 2 } }, { a: { c: 3 } })).toEqual({ a: { b: 1, c: 3 } });
  });

  it('refuses bad values naming the field and the file', () => {
    const bad = (data: object, field: RegExp): void => {
      let err: unknown;
      try {
        parse({ version: 1, name: 'mine', extends: 'bold', ...data });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(/mine\.json/);
      expect((err as UserError).message).toMatch(field);
    };
    bad({ highlight: { mode: 'glow' } }, /highlight\.mode/);
    bad({ fill: 'yellow' }, /fill: must be a colour like #FFD400/);
    bad({ layout: { wordsPerCaption: 9 } }, /layout/);
    bad({ font: { sizePercent: 40 } }, /font\.sizePercent/);
    bad({ font: { family: 'Evil,Font' } }, /font\.family/);
    bad({ sparkle: true }, /sparkle|Unrecognized/i);
    bad({ position: { heightPercent: 130 } }, /position/);
  });

  it('refuses another version and an unknown base with the way forward', () => {
    expect(() => parse({ version: 2, name: 'mine', extends: 'bold' })).toThrow(/version must be 1, got 2/);
    expect(() => parse({ name: 'mine' })).toThrow(/add "version": 1/);
    expect(() => parse({ version: 1, name: 'mine', extends: 'neon' })).toThrow(/not a built-in style.*styles list/);
    expect(() => parse([1, 2])).toThrow(/must be a JSON object/);
    expect(() => getCaptionStyle('neon')).toThrow(/bold, clean, pop/);
  });
});
