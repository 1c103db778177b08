/**
 * Spec (#14): settings that cannot break the queue. The caption style is chosen from the styles
 * the core lists; a relative output folder is refused next to its field (which gets the focus);
 * the host refuses what the form would not send, naming the field; a job queued meanwhile
 * still renders.
 */
import { expect, test } from './fixtures.js';
import { openPanel, rowsWithStatus } from './support/ui.js';

test('bad settings are refused by field, and a queued job is not hurt by them', async ({ app }) => {
  const { page } = app;
  const before = await app.invoke<{ outputDir: string; captionStyle: string }>('settings.get');
  await app.invoke('queue.addJobs', { jobs: [{ topic: 'Why the sky is blue', duration: 10, quality: 'draft' }] });

  await openPanel(page, 'Settings');
  const style = page.getByRole('form', { name: 'Settings' }).getByRole('combobox', { name: 'Caption style' });
  const names = (await app.invoke<{ captionStyles: { name: string }[] }>('looks.list')).captionStyles.map((s) => s.name);
  expect(names).toContain('bold');
  await expect(style.locator('option')).toHaveText(names);

  const folder = page.getByLabel('Output folder');
  await folder.fill('relative/folder');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/Output folder must be a full path/)).toBeVisible();
  await expect(folder).toBeFocused();
  await expect(folder).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('One field needs fixing (highlighted), then save again.')).toBeVisible();

  // A stale page offering a style the core does not have: refused inline, not saved.
  await folder.fill(before.outputDir);
  await style.evaluate((el) => {
    const doc = el.ownerDocument;
    const o = doc.createElement('option');
    o.value = 'fancy';
    o.textContent = 'fancy';
    el.appendChild(o);
  });
  await style.selectOption('fancy');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/Caption style "fancy" does not exist: choose one of bold, clean, pop/)).toBeVisible();
  await expect(style).toBeFocused();
  await app.screenshot('settings-validation');

  // The host has the last word, whatever a page sends.
  await expect(app.invoke('settings.set', { captionStyle: 'fancy' })).rejects.toThrow(/unknown caption style "fancy"/);
  await expect(app.invoke('settings.set', { outputDir: 'relative/folder' })).rejects.toThrow(/outputDir: must be an absolute folder path/);
  await expect(app.invoke('settings.set', { defaultVoice: 'system:klingon-nope' })).rejects.toThrow(/Unknown voice "system:klingon-nope"/);
  expect(await app.invoke('settings.get')).toMatchObject({ outputDir: before.outputDir, captionStyle: before.captionStyle });

  await openPanel(page, 'Queue');
  await expect(rowsWithStatus(page, 'done')).toHaveCount(1, { timeout: 150_000 });
});
