/** Shots (#11): the Footage view — add a folder, watch it index, see clips with thumbnails and tags, broken files with the reason, search. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './fixtures.js';
import { ffmpegBinary } from './support/media.js';
import { openPanel } from './support/ui.js';

const run = promisify(execFile);

test('a footage folder is indexed with progress, shown with thumbnails and tags, and searchable', async ({ app }) => {
  const { page } = app;
  const folder = await mkdtemp(path.join(os.tmpdir(), 'reelforge-e2e-footage-'));
  try {
    for (const [name, colour] of [['dog-park', '0xc83228'], ['sunset-beach', '0xe89a30']] as const) {
      await run(ffmpegBinary(), ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=320x180:r=25:d=2`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path.join(folder, `${name}.mp4`)]);
    }
    await writeFile(path.join(folder, 'broken.mp4'), 'not a video');

    await openPanel(page, 'Library');
    await page.getByRole('button', { name: 'Footage', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'No footage yet' })).toBeVisible();
    await page.getByTestId('footage-folder-input').setInputFiles(folder);

    const items = page.getByTestId('footage-item');
    await expect(items).toHaveCount(2, { timeout: 60_000 });
    await expect(items.filter({ hasText: 'dog-park.mp4' }).getByRole('listitem').filter({ hasText: 'dog' })).toBeVisible();
    // Thumbnails are real pictures served by the host.
    await expect.poll(() => items.first().locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await expect(page.getByText('1 file could not be used')).toBeVisible();
    await expect(page.getByText(/broken\.mp4/).first()).toBeVisible();

    await page.getByRole('searchbox').fill('a puppy');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('dog-park.mp4');
    await app.screenshot('footage');

    // A script's shot plan as a strip: each sentence over its clip; one shot swapped; rendered as it stands.
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByLabel('Script', { exact: true }).fill('My dog runs around the park. The sunset over the beach is orange.');
    await page.getByRole('button', { name: 'Plan shots' }).click();
    const cards = page.getByTestId('shot-card');
    await expect(cards).toHaveCount(2, { timeout: 60_000 });
    await expect(cards.nth(0)).toContainText('dog-park.mp4');
    await expect(cards.nth(1)).toContainText('sunset-beach.mp4');
    await app.screenshot('shot-strip');
    // Its alternatives are the other matches (here only the built-in look); any file can be picked.
    await cards.nth(0).click();
    const options = page.getByRole('group', { name: 'Other pictures for shot 1' });
    await expect(options.getByRole('button', { name: /aurora/ })).toBeVisible();
    await options.getByLabel('File for shot 1').setInputFiles(path.join(folder, 'sunset-beach.mp4'));
    await expect(cards.nth(0)).toContainText('sunset-beach.mp4');
    await expect(cards.nth(0)).toContainText('your pick');
    await page.getByRole('button', { name: 'Render this plan' }).click();
    await expect.poll(async () => {
      const q = await app.invoke<{ jobs: { status: string }[] }>('queue.list');
      return q.jobs.map((j) => j.status).join(',');
    }, { timeout: 120_000 }).toBe('done');

    const snap = await app.invoke<{ items: { name: string }[]; problems: { status: string; error: string }[] }>('footage.list');
    expect(snap.items.map((i) => i.name).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/dog-park\.mp4$/), expect.stringMatching(/sunset-beach\.mp4$/)]));
    expect(snap.problems[0]?.status).toBe('broken');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
