/** Spec 4: a corrupt clip fails only its own job, with a reason a creator can read; the rest finish. */
import { expect, test } from './fixtures.js';
import { dropOnQueue, jobRows, rowsWithStatus, waitForRows } from './support/ui.js';

test('a corrupt clip fails its job with a readable reason and the others finish', async ({ app, media }) => {
  const { page } = app;
  // Two good jobs (built-in background), then a drop whose clip is random bytes.
  await dropOnQueue(page, [media.twoTopics]);
  await dropOnQueue(page, [media.oneTopic, media.corruptClip]);
  await expect(jobRows(page)).toHaveCount(3);

  const failed = rowsWithStatus(page, 'failed');
  await expect(failed).toHaveCount(1, { timeout: 150_000 });
  await waitForRows(page, 'done', 2, { allowFailed: 1 });

  const reason = (await failed.textContent()) ?? '';
  // Readable: words about the problem, not a stack trace or a bare exit code.
  expect(reason).toMatch(/clip|video|background|file|ffprobe|invalid|corrupt|could not|unreadable/i);
  expect(reason).not.toMatch(/\bat \S+ \(|node:internal|exit code \d+$/);
  await app.screenshot('corrupt-input');
});
