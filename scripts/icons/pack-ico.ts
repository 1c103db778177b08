/**
 * Pure: a Windows .ico holding PNG images (supported since Windows Vista; the 256 px entry must be
 * PNG anyway). Layout: ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the images.
 */
import { pngSize } from './png-info.js';

export function packIco(pngs: Uint8Array[]): Buffer {
  if (pngs.length === 0) throw new Error('An .ico needs at least one image.');
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach((png, i) => {
    const { width, height } = pngSize(png);
    if (width !== height || width > 256) throw new Error(`.ico images are square and at most 256 px (got ${width}×${height}).`);
    const e = 6 + 16 * i;
    header.writeUInt8(width === 256 ? 0 : width, e); // 0 means 256
    header.writeUInt8(height === 256 ? 0 : height, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.byteLength, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.byteLength;
  });
  return Buffer.concat([header, ...pngs.map((p) => Buffer.from(p))]);
}
