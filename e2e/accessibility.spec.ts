/**
 * Spec (#14): axe-core finds no serious or critical violation on any panel — Create (empty and
 * with a preview), Queue with rows, Library with the player open, Cache with its Clear dialog,
 * Performance, Settings after a refused save — and the keyboard basics hold: row buttons name
 * their video, Escape closes dialogs and the player.
 */
import { expect, test } from './fixtures.js';
import { seriousViolations, type AxeFinding } from './support/axe.js';
import { dropOnQueue, openPanel, waitForRows } from './support/ui.js';

test('every panel passes axe (no serious or critical findings) and keyboard basics hold', async ({ app, media }) => {
  const { page } = app;
  const findings: AxeFinding[] = [];
  const scan = async (where: string) => findings.push(...(await seriousViolations(page, where)));

  await openPanel(page, 'Create');
  await scan('Create (empty)');
  await page.getByLabel('Topic', { exact: true }).fill('Why octopuses have three hearts');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(page.getByTestId('script-preview')).toBeVisible();
  await page.getByRole('button', { name: 'Plan the shots' }).click();
  await expect(page.getByTestId('shot-card').first()).toBeVisible({ timeout: 60_000 });
  await scan('Create (preview and shot strip)');

  await dropOnQueue(page, [media.oneTopic]);
  await waitForRows(page, 'done', 1);
  const row = page.getByTestId('job-row').first();
  const title = (await row.locator('.job-title').textContent()) ?? '';
  // Row buttons say which video they act on.
  await expect(row.getByRole('button', { name: `Retry ${title}` })).toBeVisible();
  await scan('Queue');

  await openPanel(page, 'Library');
  await page.getByTestId('library-item').first().getByRole('button').click();
  await expect(page.getByTestId('library-player')).toBeVisible();
  await scan('Library (player open)');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('library-player')).toHaveCount(0);
  await page.getByRole('button', { name: 'Footage', exact: true }).click();
  await scan('Library (footage)');
  await page.getByRole('button', { name: 'Videos', exact: true }).click();

  await openPanel(page, 'Cache');
  await expect(page.getByTestId('cache-entries')).toBeVisible();
  await scan('Cache');
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await scan('Cache (Clear dialog)');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await openPanel(page, 'Performance');
  await expect(page.getByTestId('stage-timings')).toBeVisible();
  await scan('Performance');

  await openPanel(page, 'Settings');
  await page.getByLabel('Output folder').fill('relative');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/Output folder must be a full path/)).toBeVisible();
  await scan('Settings (refused save)');

  // The first Tab stop of a fresh page skips the sidebar: Enter lands in the panel.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to Settings' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tabpanel')).toBeFocused();

  // Everything reachable by keyboard: the sidebar is a tablist that arrows move through.
  await page.getByRole('tab', { name: 'Settings' }).focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: 'Create' })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Create', level: 1 })).toBeVisible();

  expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
});
