/** Spec 5: settings (the price table too) survive a reload; the API key is write-only (never shown, never sent back). */
import { expect, test } from './fixtures.js';
import { openPanel } from './support/ui.js';

const FAKE_KEY = 'sk-e2e-never-echo-0123456789abcdefXYZ';

test('settings persist across a reload and the key never comes back', async ({ app }) => {
  const { page } = app;
  await openPanel(page, 'Settings');

  await expect(page.getByText('No key set', { exact: true })).toBeVisible();
  await page.getByLabel('Base URL', { exact: true }).fill('http://127.0.0.1:9/v1');
  // Price a local model: a new row in the price table.
  await page.getByRole('button', { name: 'Add model', exact: true }).click();
  const prices = page.getByRole('table', { name: 'Prices' });
  const newRow = prices.locator('tbody tr').last();
  await newRow.getByRole('textbox').first().fill('llama3-local');
  await newRow.getByLabel('Input $/1M tokens for llama3-local').fill('0.05');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  const keyField = page.getByLabel('API key', { exact: true });
  await expect(keyField).toHaveAttribute('type', 'password');
  await keyField.fill(FAKE_KEY);
  await page.getByRole('button', { name: 'Save key', exact: true }).click();
  await expect(page.getByText('A key is set', { exact: true })).toBeVisible();

  await app.reload();
  await openPanel(page, 'Settings');
  await expect(page.getByLabel('Base URL', { exact: true })).toHaveValue('http://127.0.0.1:9/v1');
  await expect(page.getByText('A key is set', { exact: true })).toBeVisible();
  await expect(page.getByLabel('API key', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Input $/1M tokens for llama3-local')).toHaveValue('0.05');

  const settings = await app.invoke<Record<string, unknown>>('settings.get');
  expect(settings.baseURL).toBe('http://127.0.0.1:9/v1');
  expect(settings.apiKeySet).toBe(true);
  expect((settings.prices as Record<string, unknown>)['llama3-local']).toEqual({ inputPerM: 0.05 });
  expect(JSON.stringify(settings)).not.toContain(FAKE_KEY);
  expect(JSON.stringify(await app.invoke('app.info'))).not.toContain(FAKE_KEY);
  // Nothing the host pushed to the page ever carried the key.
  for (const frame of app.framesReceived) expect(frame).not.toContain(FAKE_KEY);
  if (app.kind === 'web') expect(app.framesReceived.length).toBeGreaterThan(0);
  expect(await page.content()).not.toContain(FAKE_KEY);
  await app.screenshot('settings');
});
