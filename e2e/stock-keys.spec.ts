/** Shots (#11): the stock sites' keys are write-only, like the OpenAI key — saved, used, never sent back. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures.js';
import { openPanel } from './support/ui.js';

const KEY = 'pexels-e2e-key-7f3a91';

test('a Pexels key is saved, reported as set, and never comes back to the page', async ({ app }) => {
  const { page } = app;
  await openPanel(page, 'Settings');
  await expect(page.getByTestId('stock-key-state-pexels')).toContainText('no key');
  await page.getByLabel('Pexels API key', { exact: true }).fill(KEY);
  await page.getByRole('button', { name: 'Save Pexels key', exact: true }).click();
  await expect(page.getByTestId('stock-key-state-pexels')).toContainText('a key is set');
  await app.reload();
  await openPanel(page, 'Settings');
  await expect(page.getByTestId('stock-key-state-pexels')).toContainText('a key is set');
  await expect(page.getByLabel('Pexels API key', { exact: true })).toHaveValue('');
  expect((await app.invoke<{ stockKeys: { pexels: boolean; pixabay: boolean } }>('footage.list')).stockKeys).toEqual({ pexels: true, pixabay: false });
  expect(app.framesReceived.some((f) => f.includes(KEY))).toBe(false);
  if (app.kind === 'web') expect((await stat(path.join(app.dataDir, 'secrets', 'pexels-key'))).mode & 0o077).toBe(0);
});
