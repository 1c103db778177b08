/**
 * Pure: a macOS .icns of PNG entries, as `iconutil` writes them. Layout: 'icns' + total length
 * (big-endian), then per image a four-letter type + length (including its 8-byte header) + PNG.
 * The type says the pixel size and whether it is the @2x image of a smaller point size.
 */
import { pngSize } from './png-info.js';

/** Pixel size → the types that take a PNG of that size. */
export const ICNS_TYPES: Readonly<Record<number, readonly string[]>> = {
  16: ['icp4'],
  32: ['icp5', 'ic11'],
  64: ['icp6', 'ic12'],
  128: ['ic07'],
  256: ['ic08', 'ic13'],
  512: ['ic09', 'ic14'],
  1024: ['ic10'],
};

export function packIcns(pngs: Uint8Array[]): Buffer {
  const entries: Buffer[] = [];
  for (const png of pngs) {
    const { width, height } = pngSize(png);
    const types = ICNS_TYPES[width];
    if (width !== height || types === undefined) throw new Error(`No .icns type for a ${width}×${height} image.`);
    for (const type of types) {
      const head = Buffer.alloc(8);
      head.write(type, 0, 'ascii');
      head.writeUInt32BE(8 + png.byteLength, 4);
      entries.push(head, Buffer.from(png));
    }
  }
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}
