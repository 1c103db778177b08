/**
 * Spec (#14): a 1,000-job queue a creator can work with. Rows in file order, the newest batch on
 * top, waiting rows say "waiting", a status filter and a search narrow the list, Pause says the
 * running video will finish, "Retry" offers the cancelled jobs the cancel dialog promised, and
 * "Clear finished" empties the list. The frame gaps while scrolling are measured and reported
 * (annotations), not asserted: speed belongs to the benchmarks.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures.js';
import { dropOnQueue, jobRows } from './support/ui.js';

const N = 1000;
const title = (i: number) => `Topic ${String(i).padStart(4, '0')}`;

test('a 1,000-job queue is ordered, filtered, searched, paused, retried and cleared', async ({ app, media }) => {
  const { page } = app;
  const list = path.join(media.dir, 'thousand.txt');
  await writeFile(list, Array.from({ length: N }, (_, i) => title(i + 1)).join('\n'));
  // One video at a time, so the machine is not busy rendering a thousand of them.
  await app.invoke('batch.setOptions', { concurrency: 1 });

  await dropOnQueue(page, [list]);
  await expect(page.getByText(`${N} videos · newest batch first`)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('pause-note')).toContainText(/already rendering will finish|nothing new starts/);

  // File order: the first rows are the first lines, and waiting rows say so.
  const rows = jobRows(page);
  await expect(rows.first()).toContainText(title(1));
  await expect(rows.nth(1)).toContainText(title(2));
  await expect(rows.nth(1).locator('.job-status')).toHaveText('waiting');
  await expect(page.getByTestId('filter-count-all')).toHaveText(String(N));

  // Frame gaps while scrolling through all of it (reported, not asserted).
  // Runs in the page (a string: this project's Node types have no DOM).
  const gaps = await page.evaluate<{ frames: number; p50: number; p95: number; max: number; domRows: number }>(`(async () => {
    const scroller = document.querySelector('.job-scroll');
    const times = [];
    let running = true;
    const tick = (t) => { times.push(t); if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    for (let y = 0; y < scroller.scrollHeight; y += 800) {
      scroller.scrollTop = y;
      await new Promise((r) => setTimeout(r, 16));
    }
    running = false;
    const d = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    const at = (q) => Math.round(d[Math.min(d.length - 1, Math.floor(q * d.length))] * 10) / 10;
    return { frames: d.length, p50: at(0.5), p95: at(0.95), max: Math.round(d[d.length - 1] * 10) / 10, domRows: document.querySelectorAll('[data-testid="job-row"]').length };
  })()`);
  test.info().annotations.push({ type: 'scroll frame gaps (ms) at 1,000 rows', description: JSON.stringify(gaps) });
  expect(gaps.domRows).toBeLessThan(40); // virtualised: a screenful, not a thousand

  // Search and filter.
  const search = page.getByRole('searchbox', { name: 'Search videos by title' });
  await search.fill('topic 0777');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(title(777));
  await search.fill('');
  await page.getByText('Running', { exact: true }).click();
  await expect.poll(() => rows.count()).toBeLessThanOrEqual(1);
  await page.getByText('All', { exact: true }).click();

  // A new batch goes on top.
  await app.invoke('queue.addJobs', { jobs: [{ topic: 'Newest on top' }] });
  await expect(rows.first()).toContainText('Newest on top');

  // Cancel the big batch: Retry then offers the cancelled jobs, as the dialog says.
  // Uploaded lists are labelled by their own name, not the upload's uuid.
  const batchSelect = page.getByRole('combobox', { name: 'Batch', exact: true });
  await expect(batchSelect.locator('option')).toHaveCount(2);
  const options = await batchSelect.locator('option').evaluateAll((o) => o.map((x) => ({ value: x.getAttribute('value') ?? '', text: x.textContent ?? '' })));
  const big = options.find((o) => o.text.startsWith('thousand.txt · '));
  expect(big, JSON.stringify(options)).toBeDefined();
  await batchSelect.selectOption(big!.value);
  await page.getByRole('button', { name: 'Cancel batch' }).click();
  await expect(page.getByRole('dialog')).toContainText('Retry');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('button', { name: /^Retry \d+ cancelled$/ })).toBeVisible({ timeout: 30_000 });
  await page.getByText('Failed', { exact: true }).click();
  await expect.poll(async () => Number(await page.getByTestId('filter-count-failed').textContent())).toBeGreaterThanOrEqual(N - 1);
  await app.screenshot('queue-volume');

  // Clear finished: every settled row leaves; nothing is deleted.
  await page.getByText('All', { exact: true }).click();
  await page.getByRole('button', { name: /^Clear finished/ }).click();
  await expect.poll(async () => Number(await page.getByTestId('filter-count-all').textContent()), { timeout: 30_000 }).toBeLessThanOrEqual(1);
  const snapshot = await app.invoke<{ jobs: { title: string }[] }>('queue.list');
  expect(snapshot.jobs.length).toBeLessThanOrEqual(1);
});
