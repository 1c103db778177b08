/**
 * `npm run screenshots`: the README's pictures of every panel, taken from the real app — the
 * browser host on a fresh data folder, two videos rendered (draft quality at 540×960 so it takes
 * seconds), then each panel in Debian's Chromium. Writes docs/screenshots/<panel>.png.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { invokeOverWs } from './support/ws-client.js';

const OUT = path.resolve('docs', 'screenshots');

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-shots-'));
  const env: NodeJS.ProcessEnv = { ...process.env, REELFORGE_TEST_SIZE: '540x960', REELFORGE_TEST_QUALITY: 'draft', REELFORGE_DATA_DIR: dataDir };
  delete env.OPENAI_API_KEY;
  const server = spawn(process.execPath, ['dist/main/cli/index.js', 'serve', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.setEncoding('utf8').once('data', (d: string) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(d);
      if (m?.[1]) resolve(m[1]);
      else reject(new Error(`unexpected first line: ${d}`));
    });
  });
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token') ?? '';
  const browser = await chromium.launch({ executablePath: process.env.REELFORGE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    const list = path.join(dataDir, 'uploads', 'topics.txt');
    await mkdir(path.dirname(list), { recursive: true });
    await writeFile(list, 'Why cats purr\nHow bees find their way home\nWhy octopuses have three hearts\n');
    await invokeOverWs(origin, token, 'queue.addFiles', { paths: [list] });
    await mkdir(OUT, { recursive: true });
    const tab = (name: string) => page.getByRole('tab', { name }).or(page.getByRole('button', { name, exact: true })).first();
    await tab('Queue').click();
    await page.waitForTimeout(2500);
    await page.screenshot({ path: path.join(OUT, 'queue.png') });
    await page.locator('[data-testid="job-row"][data-status="done"]').nth(2).waitFor({ timeout: 180_000 });
    await invokeOverWs(origin, token, 'queue.addFiles', { paths: [list] });
    await page.waitForTimeout(3000);
    for (const name of ['Queue', 'Library', 'Cache', 'Performance', 'Settings']) {
      await tab(name).click();
      await page.waitForTimeout(1200);
      await page.screenshot({ path: path.join(OUT, `${name.toLowerCase()}${name === 'Queue' ? '-done' : ''}.png`) });
      if (name === 'Library') {
        await page.getByTestId('library-item').first().getByRole('button').click();
        await page.waitForTimeout(1500);
        await page.screenshot({ path: path.join(OUT, 'library-player.png') });
      }
    }
    await page.getByRole('table', { name: 'Prices' }).scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'settings-prices.png') });
    await tab('Create').click();
    await page.getByLabel('Topic', { exact: true }).fill('Why the sky is blue');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.getByTestId('script-preview').waitFor();
    // The Preview button sits at the foot of the form: show the panel from its top.
    await page.evaluate('document.querySelector(".tabpanel").scrollTop = 0');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(OUT, 'create.png') });
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('close', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
