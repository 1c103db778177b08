import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packIcns } from './pack-icns.js';
import { packIco } from './pack-ico.js';
import { pngSize } from './png-info.js';

/** A minimal valid PNG of the given size (one grey row repeated), built with zlib. */
function png(size: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const raw = Buffer.concat(Array.from({ length: size }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(size, 128)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('icon packers', () => {
  it('pngSize reads IHDR and refuses other files', () => {
    expect(pngSize(png(48))).toEqual({ width: 48, height: 48 });
    expect(() => pngSize(Buffer.from('GIF89a....................'))).toThrow(/Not a PNG/);
  });

  it('.ico: a directory entry per image pointing at its PNG, 256 written as 0', () => {
    const images = [png(16), png(256)];
    const ico = packIco(images);
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(2);
    const entries = [0, 1].map((i) => ({ w: ico.readUInt8(6 + 16 * i), bytes: ico.readUInt32LE(6 + 16 * i + 8), offset: ico.readUInt32LE(6 + 16 * i + 12) }));
    expect(entries.map((e) => e.w)).toEqual([16, 0]);
    entries.forEach((e, i) => expect(ico.subarray(e.offset, e.offset + e.bytes).equals(images[i]!)).toBe(true));
    expect(() => packIco([png(512)])).toThrow(/at most 256/);
  });

  it('.icns: typed PNG entries whose lengths add up to the file', () => {
    const icns = packIcns([png(16), png(1024)]);
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.toString('ascii', at, at + 4));
    expect(types).toEqual(['icp4', 'ic10']);
    expect(() => packIcns([png(20)])).toThrow(/No .icns type/);
  });

  it('the committed icons are what electron-builder.yml names, at the sizes their names say', () => {
    const build = path.resolve('build');
    for (const n of [16, 32, 48, 64, 128, 256, 512, 1024]) expect(pngSize(readFileSync(path.join(build, 'icons', `${n}x${n}.png`)))).toEqual({ width: n, height: n });
    expect(readFileSync(path.join(build, 'icon.ico')).readUInt16LE(4)).toBe(7);
    expect(readFileSync(path.join(build, 'icon.icns')).toString('ascii', 0, 4)).toBe('icns');
  });
});
