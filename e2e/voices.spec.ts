/** Issue 12: every engine's voices in one searchable list, grouped by engine and language, and a sample to hear. */
import { expect, test } from './fixtures.js';
import { openPanel } from './support/ui.js';

test('the voice list is searchable and grouped by engine and language, and a voice can be heard', async ({ app }) => {
  const { page } = app;
  await openPanel(page, 'Create');
  const select = page.getByLabel('Voice', { exact: true });
  // The default voice comes first.
  await expect(select.locator('optgroup').first()).toHaveAttribute('label', 'Default');

  await page.getByLabel('Search voices').fill('en-gb');
  const groups = await select.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label') ?? ''));
  expect(groups).toContain('Edge (online, free) · en-GB');
  expect(groups).toContain('System · en-gb');
  const options = await select.locator('option').allTextContents();
  expect(options.some((o) => o.startsWith('Sonia'))).toBe(true);
  expect(options.some((o) => o.startsWith('Ava'))).toBe(false);

  await select.selectOption('system:en-gb');
  await page.getByRole('button', { name: 'Preview voice' }).click();
  await expect(page.getByTestId('voice-audio')).toHaveAttribute('src', /voice-[0-9a-f]+\.wav/);
});
