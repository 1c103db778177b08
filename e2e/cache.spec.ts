/** Spec 2: a finished batch fills the cache; the same topics again come from it and the hit rate rises. */
import { expect, test } from './fixtures.js';
import { dropOnQueue, numberIn, openPanel, waitForRows } from './support/ui.js';

test('re-queued topics finish from the cache and the hit rate rises', async ({ app, media }) => {
  const { page } = app;
  // Topics only (built-in background): an uploaded clip gets a new path each drop, which is a different source.
  await dropOnQueue(page, [media.twoTopics]);
  await waitForRows(page, 'done', 2);

  await openPanel(page, 'Cache');
  const entries = page.getByTestId('cache-entries');
  const hitRate = page.getByTestId('cache-hit-rate');
  await expect.poll(() => numberIn(entries)).toBeGreaterThan(0);
  const rateBefore = await numberIn(hitRate);

  await dropOnQueue(page, [media.twoTopics]);
  await waitForRows(page, 'done', 4, { timeoutMs: 60_000 });

  await openPanel(page, 'Cache');
  await expect.poll(() => numberIn(hitRate)).toBeGreaterThan(rateBefore);
  await app.screenshot('cache');

  // "From the cache": the second batch's renders were served, not recomputed.
  const queue = await app.invoke<{ batches: { id: string; createdAt: number }[]; jobs: { batchId: string; stages: Record<string, string> }[] }>('queue.list');
  const second = [...queue.batches].sort((a, b) => a.createdAt - b.createdAt).at(-1)!;
  const again = queue.jobs.filter((j) => j.batchId === second.id);
  expect(again).toHaveLength(2);
  // The final encode is the expensive part: it must be a cache hit, not a re-render.
  for (const job of again) expect(job.stages.compile).toBe('cached');
});
