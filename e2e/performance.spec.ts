/** Spec 6: after a run the Performance panel shows per-stage timings. */
import { expect, test } from './fixtures.js';
import { dropOnQueue, openPanel, waitForRows } from './support/ui.js';

test('the Performance panel shows stage timings after a run', async ({ app, media }) => {
  const { page } = app;
  await dropOnQueue(page, [media.oneTopic]);
  await waitForRows(page, 'done', 1);

  await openPanel(page, 'Performance');
  const timings = page.getByTestId('stage-timings');
  await expect(timings).toBeVisible();
  // The stages a render runs, with a duration next to them.
  await expect(timings).toContainText(/compile/i);
  await expect(timings).toContainText(/p50 \d+(\.\d+)?\s*(ms|s)\b/);
  await app.screenshot('performance');
});
