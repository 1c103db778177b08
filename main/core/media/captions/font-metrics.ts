/**
 * Just enough of an OpenType/TrueType reader to estimate caption widths before libass lays them
 * out: the family names, the character map (formats 4 and 12), advance widths, and the vertical
 * metrics libass sizes a font by. libass scales a face so that usWinAscent + usWinDescent equals
 * the ASS font size (VSFilter's rule), so widths here are in units of the font size.
 * Works for .ttf and CFF-flavoured .otf; collections (.ttc) are read from their first font.
 */

export interface FontMetrics {
  /**
   * Names the font answers to, the one libass matches an ASS Fontname against first
   * (e.g. ['Bebas Neue Bold', 'BebasNeueBold', 'Bebas Neue']).
   */
  families: string[];
  bold: boolean;
  /** Advance width of a code point in units of the ASS font size, or null when the font lacks it. */
  advance(codePoint: number): number | null;
  /** A code point the font can draw. */
  has(codePoint: number): boolean;
}

interface Table {
  offset: number;
  length: number;
}

function tables(buf: Buffer, base: number): Map<string, Table> {
  const n = buf.readUInt16BE(base + 4);
  const out = new Map<string, Table>();
  for (let i = 0; i < n; i++) {
    const rec = base + 12 + i * 16;
    out.set(buf.toString('latin1', rec, rec + 4), { offset: buf.readUInt32BE(rec + 8), length: buf.readUInt32BE(rec + 12) });
  }
  return out;
}

function need(t: Map<string, Table>, tag: string, file: string): Table {
  const table = t.get(tag);
  if (!table) throw new Error(`${file}: not a usable font (no ${tag} table)`);
  return table;
}

/** Code point → glyph id, from the best Unicode subtable (format 12 covers emoji; 4 the BMP). */
function readCmap(buf: Buffer, cmap: Table): Map<number, number> {
  const map = new Map<number, number>();
  const count = buf.readUInt16BE(cmap.offset + 2);
  let best: { offset: number; format: number } | null = null;
  for (let i = 0; i < count; i++) {
    const rec = cmap.offset + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const offset = cmap.offset + buf.readUInt32BE(rec + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = buf.readUInt16BE(offset);
    if (format === 12 && (best === null || best.format !== 12)) best = { offset, format };
    else if (format === 4 && best === null) best = { offset, format };
  }
  if (best === null) return map;
  const o = best.offset;
  if (best.format === 12) {
    const groups = buf.readUInt32BE(o + 12);
    for (let g = 0; g < groups; g++) {
      const r = o + 16 + g * 12;
      const start = buf.readUInt32BE(r);
      const end = Math.min(buf.readUInt32BE(r + 4), start + 0x10000);
      const glyph = buf.readUInt32BE(r + 8);
      for (let c = start; c <= end; c++) map.set(c, glyph + (c - start));
    }
    return map;
  }
  const segX2 = buf.readUInt16BE(o + 6);
  const ends = o + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2 / 2; s++) {
    const end = buf.readUInt16BE(ends + s * 2);
    const start = buf.readUInt16BE(starts + s * 2);
    const delta = buf.readInt16BE(deltas + s * 2);
    const ro = buf.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (ro === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + ro + (c - start) * 2;
        glyph = at + 2 <= buf.length ? buf.readUInt16BE(at) : 0;
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}

/**
 * Names in the order libass matches them: Windows-platform family (ID 1) and full name (ID 4) —
 * the only names libass reads from a font file — then the typographic family (ID 16) and the
 * Macintosh-platform names a person might type.
 */
function readNames(buf: Buffer, name: Table): string[] {
  const count = buf.readUInt16BE(name.offset + 2);
  const strings = name.offset + buf.readUInt16BE(name.offset + 4);
  const ranked: { rank: number; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const rec = name.offset + 6 + i * 12;
    const platform = buf.readUInt16BE(rec);
    const nameId = buf.readUInt16BE(rec + 6);
    if (nameId !== 1 && nameId !== 4 && nameId !== 16) continue;
    const len = buf.readUInt16BE(rec + 8);
    const at = strings + buf.readUInt16BE(rec + 10);
    let text: string;
    if (platform === 3 || platform === 0) {
      const bytes = Buffer.from(buf.subarray(at, at + len - (len % 2)));
      bytes.swap16();
      text = bytes.toString('utf16le');
    } else if (platform === 1) text = buf.toString('latin1', at, at + len);
    else continue;
    const windows = platform === 3;
    const rank = windows && nameId === 1 ? 0 : windows && nameId === 4 ? 1 : nameId === 16 ? 2 : 3;
    ranked.push({ rank, text });
  }
  return [...new Set(ranked.sort((a, b) => a.rank - b.rank).map((r) => r.text))];
}

/** Parse a font file's bytes. Throws on anything that is not an sfnt font. */
export function parseFont(buf: Buffer, file = 'font'): FontMetrics {
  let base = 0;
  if (buf.toString('latin1', 0, 4) === 'ttcf') base = buf.readUInt32BE(12);
  const tag = buf.readUInt32BE(base);
  if (tag !== 0x00010000 && buf.toString('latin1', base, base + 4) !== 'OTTO' && buf.toString('latin1', base, base + 4) !== 'true') {
    throw new Error(`${file}: not a TrueType or OpenType font`);
  }
  const t = tables(buf, base);
  const head = need(t, 'head', file);
  const hhea = need(t, 'hhea', file);
  const hmtx = need(t, 'hmtx', file);
  const cmap = readCmap(buf, need(t, 'cmap', file));
  const unitsPerEm = buf.readUInt16BE(head.offset + 18);
  const macStyle = buf.readUInt16BE(head.offset + 44);
  const numberOfHMetrics = buf.readUInt16BE(hhea.offset + 34);
  let height = buf.readInt16BE(hhea.offset + 4) - buf.readInt16BE(hhea.offset + 6);
  const os2 = t.get('OS/2');
  let bold = (macStyle & 1) === 1;
  if (os2) {
    const win = buf.readUInt16BE(os2.offset + 74) + buf.readUInt16BE(os2.offset + 76);
    if (win > 0) height = win;
    if (buf.readUInt16BE(os2.offset + 4) >= 600) bold = true;
  }
  if (height <= 0) height = unitsPerEm;
  const advanceOf = (glyph: number): number => {
    const i = Math.min(glyph, numberOfHMetrics - 1);
    return buf.readUInt16BE(hmtx.offset + i * 4);
  };
  const nameTable = t.get('name');
  return {
    families: nameTable ? readNames(buf, nameTable) : [],
    bold,
    advance: (cp) => {
      const glyph = cmap.get(cp);
      return glyph === undefined ? null : advanceOf(glyph) / height;
    },
    has: (cp) => cmap.has(cp),
  };
}
