/** Issue 13: the caption style editor shows one frame of the real pipeline, and a saved style is usable by name. */
import { expect, test } from './fixtures.js';
import { openPanel } from './support/ui.js';

test('the style editor renders a live still, saves a style, and the pickers offer it', async ({ app }) => {
  const { page } = app;
  await openPanel(page, 'Settings');
  const editor = page.getByRole('region', { name: 'Caption styles', exact: true });
  const still = editor.getByRole('img', { name: /One frame of/ });
  await expect(still).toBeVisible({ timeout: 30_000 });
  // A real JPEG from the data folder, decoded by the browser.
  await expect.poll(() => still.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(100);
  const first = await still.getAttribute('src');

  // An edit re-renders the still.
  await editor.getByLabel('Spoken word').selectOption('box');
  await expect.poll(() => still.getAttribute('src'), { timeout: 30_000 }).not.toBe(first);
  await expect(editor.getByText(/One frame of the real render, made in \d+ ms/)).toBeVisible();
  await editor.scrollIntoViewIfNeeded();
  await app.screenshot('settings-styles');

  await editor.getByLabel('Style name', { exact: true }).fill('e2e-boxed');
  await editor.getByRole('button', { name: 'Save style', exact: true }).click();
  await expect(page.getByText(/Caption style "e2e-boxed" saved/)).toBeVisible();

  const looks = await app.invoke<{ captionStyles: { name: string; highlight: { mode: string }; builtin: boolean }[] }>('looks.list', {});
  expect(looks.captionStyles.find((s) => s.name === 'e2e-boxed')).toMatchObject({ builtin: false, highlight: { mode: 'box' } });
  // Saving keeps the edits on screen, and the Settings caption-style picker now offers the style.
  await expect(editor.getByLabel('Spoken word')).toHaveValue('box');
  await expect(editor.getByLabel('Style name', { exact: true })).toHaveValue('e2e-boxed');
  await expect(page.getByRole('combobox', { name: 'Caption style' }).first().locator('option', { hasText: 'e2e-boxed' })).toHaveCount(1);
});
