/** Pure: the size of a PNG from its IHDR chunk (the packers check what they are given). */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 24 || !b.subarray(0, 8).equals(SIGNATURE) || b.toString('ascii', 12, 16) !== 'IHDR') throw new Error('Not a PNG file (no signature or IHDR).');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
