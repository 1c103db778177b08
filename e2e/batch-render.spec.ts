/** Spec 1: a drop of two topics and a clip renders two vertical MP4s that land in the Library and on disk. */
import { existsSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { probeSize } from './support/media.js';
import { dropOnQueue, jobRows, openPanel, rowsWithStatus, waitForRows } from './support/ui.js';

interface LibraryItemView { mp4: string; thumbnailUrl: string }

test('a drop of two topics and a clip renders two videos', async ({ app, media }) => {
  const { page } = app;
  await dropOnQueue(page, [media.twoTopics, media.clip]);

  await expect(jobRows(page)).toHaveCount(2);
  // Progress advances: some row's progress bar moves off 0 while the batch runs.
  await expect(rowsWithStatus(page, 'running').or(rowsWithStatus(page, 'done')).first()).toBeVisible({ timeout: 60_000 });
  const bestProgress = () =>
    jobRows(page).getByRole('progressbar').evaluateAll((bars) => Math.max(0, ...bars.map((b) => Number(b.getAttribute('aria-valuenow') ?? 0))));
  await expect.poll(bestProgress, { timeout: 60_000 }).toBeGreaterThan(0);
  await waitForRows(page, 'done', 2);
  await app.screenshot('batch-render-queue');

  await openPanel(page, 'Library');
  const items = page.getByTestId('library-item');
  await expect(items).toHaveCount(2);
  // Thumbnails actually decode (the /files/ route or app file URL works), not just render as <img>.
  for (const img of await items.locator('img').all()) {
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  }
  await app.screenshot('batch-render');

  const library = await app.invoke<LibraryItemView[]>('library.list');
  expect(library).toHaveLength(2);
  for (const item of library) {
    expect(existsSync(item.mp4), item.mp4).toBe(true);
    const size = await probeSize(item.mp4);
    // REELFORGE_TEST_SIZE=180x320 on the host: a 9:16 render at test size.
    expect({ width: size.width, height: size.height }).toEqual({ width: 180, height: 320 });
    expect(size.durationSec).toBeGreaterThan(0);
  }
});
