import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captionFontFamily, fontsDigest, fontsDir } from './fonts.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rf-fonts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bundled fonts', () => {
  it('ships a font with its OFL licence', () => {
    const files = readdirSync(fontsDir());
    expect(files.some((f) => /\.(ttf|otf)$/i.test(f))).toBe(true);
    expect(existsSync(path.join(fontsDir(), 'OFL.txt'))).toBe(true);
  });

  it('the caption family name is the family of a bundled font file', () => {
    const fonts = readdirSync(fontsDir()).filter((f) => /\.(ttf|otf)$/i.test(f));
    const families = fonts.map((f) => execFileSync('fc-scan', ['--format', '%{family}', path.join(fontsDir(), f)], { encoding: 'utf8' }));
    expect(families.some((fam) => fam.split(',').includes(captionFontFamily))).toBe(true);
  });

  it('digest is stable, memoised, and changes with a font file', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    for (const d of [a, b]) {
      execFileSync('mkdir', ['-p', d]);
      writeFileSync(path.join(d, 'One.ttf'), 'font-bytes-1');
      writeFileSync(path.join(d, 'OFL.txt'), 'licence');
    }
    writeFileSync(path.join(b, 'Two.ttf'), 'font-bytes-2');
    const da = await fontsDigest(a);
    expect(da).toMatch(/^[0-9a-f]{64}$/);
    expect(await fontsDigest(b)).not.toBe(da);
    // Non-font files do not matter.
    writeFileSync(path.join(a, 'README.md'), 'x');
    const c = path.join(tmp, 'c');
    execFileSync('mkdir', ['-p', c]);
    writeFileSync(path.join(c, 'One.ttf'), 'font-bytes-1');
    expect(await fontsDigest(c)).toBe(da);
    expect(fontsDigest(a)).toBe(fontsDigest(a)); // same promise: read once
  });

  it('the real fonts folder has a digest', async () => {
    expect(await fontsDigest()).toMatch(/^[0-9a-f]{64}$/);
  });
});
