/**
 * Renders build/icon.svg into every icon the installers use, with the Chromium the e2e suite
 * already has (no image tools needed): build/icons/<n>x<n>.png (Linux), build/icon.png,
 * build/icon.ico (Windows), build/icon.icns (macOS). The results are committed; run again after
 * changing the SVG: `npx tsx scripts/make-icons.ts` (REELFORGE_CHROMIUM picks another Chromium).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { packIcns } from './icons/pack-icns.js';
import { packIco } from './icons/pack-ico.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const svg = await readFile(path.join(buildDir, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.REELFORGE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const pngs = new Map<number, Buffer>();
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
    pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
  }
} finally {
  await browser.close();
}
const get = (s: number): Buffer => pngs.get(s) ?? Buffer.alloc(0);
await mkdir(path.join(buildDir, 'icons'), { recursive: true });
for (const size of SIZES) await writeFile(path.join(buildDir, 'icons', `${size}x${size}.png`), get(size));
await writeFile(path.join(buildDir, 'icon.png'), get(1024));
await writeFile(path.join(buildDir, 'icon.ico'), packIco([16, 24, 32, 48, 64, 128, 256].map(get)));
await writeFile(path.join(buildDir, 'icon.icns'), packIcns([16, 32, 64, 128, 256, 512, 1024].map(get)));
process.stdout.write(`Wrote ${SIZES.length} PNGs, icon.ico and icon.icns to ${buildDir}\n`);
