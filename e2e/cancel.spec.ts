/** Spec 3: cancelling a running job marks it cancelled and leaves no ffmpeg behind. */
import { expect, test } from './fixtures.js';
import { ffmpegProcessesFor } from './support/processes.js';
import { dropOnQueue, jobRows, rowsWithStatus } from './support/ui.js';

test('cancel stops a running job and its ffmpeg', async ({ app, media }) => {
  const { page } = app;
  // One long job, so any ffmpeg still running for this data folder afterwards is an orphan.
  await dropOnQueue(page, [media.longJob, media.clip]);
  await expect(jobRows(page)).toHaveCount(1);
  const running = rowsWithStatus(page, 'running');
  await expect(running).toHaveCount(1, { timeout: 60_000 });
  const jobId = await running.getAttribute('data-job-id');
  const row = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);

  // Cancel the moment an ffmpeg of this job is seen, so the cancel has a child process to reap.
  // If none shows up in time the cancel is still checked, and the annotation says so.
  let seen = 0;
  await expect
    .poll(async () => (seen = (await ffmpegProcessesFor(app.dataDir)).length), { timeout: 60_000, intervals: [50] })
    .toBeGreaterThan(0)
    .catch(() => {});
  await row.getByRole('button', { name: /^Cancel / }).click();
  test.info().annotations.push({ type: 'ffmpeg processes just before cancel', description: String(seen) });

  await expect(row).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
  await expect.poll(async () => (await ffmpegProcessesFor(app.dataDir)).map((p) => p.args), { timeout: 15_000 }).toEqual([]);
  await app.screenshot('cancel');
});
