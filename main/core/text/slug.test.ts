import { describe, expect, it } from 'vitest';
import { slugify } from './slug.js';

describe('slugify', () => {
  it('makes plain titles into dashed lowercase', () => {
    expect(slugify('Why cats purr')).toBe('why-cats-purr');
    expect(slugify('  --Why   Cats PURR?!  ')).toBe('why-cats-purr');
    expect(slugify('Top 10: "Space" facts (2024)')).toBe('top-10-space-facts-2024');
  });

  it('strips accents and transliterates Latin letters', () => {
    expect(slugify('Crème brûlée à la française')).toBe('creme-brulee-a-la-francaise');
    expect(slugify('Straße, Øresund, Łódź, Æsir')).toBe('strasse-oresund-lodz-aesir');
    expect(slugify('Straße & Œuvre')).toBe('strasse-oeuvre');
    expect(slugify('ﬁne ＦＵＬＬ width')).toBe('fine-full-width');
  });

  it('drops other scripts but keeps the Latin part', () => {
    expect(slugify('Tokyo 東京 guide')).toBe('tokyo-guide');
    expect(slugify('Cats 🐱 rule')).toBe('cats-rule');
  });

  it('falls back to video-<hash> for titles with no Latin letters, distinct per title', () => {
    const a = slugify('猫はなぜ喉を鳴らすのか');
    const b = slugify('为什么猫会发出呼噜声');
    expect(a).toMatch(/^video-[0-9a-f]{8}$/);
    expect(b).toMatch(/^video-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(slugify('猫はなぜ喉を鳴らすのか')).toBe(a);
    expect(slugify('')).toMatch(/^video-[0-9a-f]{8}$/);
    expect(slugify('🔥🔥🔥')).toMatch(/^video-/);
  });

  it('is at most 60 characters, cut at a word, with no dash at either end', () => {
    const long = 'the quick brown fox jumps over the lazy dog and then keeps running far away';
    const s = slugify(long);
    expect(s.length).toBeLessThanOrEqual(60);
    expect(long.replace(/ /g, '-').startsWith(s)).toBe(true);
    expect(s).not.toMatch(/^-|-$/);
    expect(long.replace(/ /g, '-').charAt(s.length)).toBe('-'); // ended on a word boundary
    expect(slugify('a'.repeat(100))).toBe('a'.repeat(60));
    expect(slugify('-leading dash')).toBe('leading-dash');
    expect(slugify('word '.repeat(40)).endsWith('-')).toBe(false);
  });

  it('only ever contains [a-z0-9-]', () => {
    for (const t of ['Ünïcödé — “quotes” & ampersands', 'مرحبا بالعالم hello', 'C:\\path\\..\\evil', '../../etc/passwd']) {
      expect(slugify(t)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });
});
