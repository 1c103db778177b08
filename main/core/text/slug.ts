import { createHash } from 'node:crypto';

/** Latin letters NFKD cannot decompose into ASCII (they are letters of their own, not accented ones). */
const LATIN_EXTRAS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', đ: 'd', Đ: 'd', ł: 'l', Ł: 'l',
  þ: 'th', Þ: 'th', ð: 'd', Ð: 'd', ı: 'i', ħ: 'h', Ħ: 'h',
};

export const SLUG_MAX = 60;

/**
 * A file-name-safe slug: lowercase ASCII words joined by dashes ("Why cats purr" →
 * "why-cats-purr"). Accents are stripped (NFKD also turns "ﬁ" into "fi" and full-width
 * letters into ASCII); other scripts are dropped. A title left with fewer than two characters
 * (CJK, Arabic, emoji only) becomes "video-" plus a short hash of the title, so different
 * titles still get different files. At most `maxLength` characters, cut at a word boundary
 * when one is near; never a leading or trailing dash.
 */
export function slugify(title: string, maxLength = SLUG_MAX): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{ASCII}]/gu, (c) => LATIN_EXTRAS[c] ?? ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = ascii;
  if (slug.length > maxLength) {
    const cut = slug.slice(0, maxLength + 1);
    const lastDash = cut.lastIndexOf('-');
    // Prefer whole words unless that would throw away more than a third of the room.
    slug = lastDash > maxLength * (2 / 3) ? cut.slice(0, lastDash) : slug.slice(0, maxLength);
    slug = slug.replace(/-+$/g, '');
  }
  if (slug.length < 2) {
    const hash = createHash('sha256').update(title.normalize('NFC')).digest('hex').slice(0, 8);
    slug = slug ? `${slug}-${hash}` : `video-${hash}`;
  }
  return slug;
}
