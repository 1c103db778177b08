/**
 * How the specs drive the studio: sidebar tabs by accessible name, the queue's file input,
 * and rows by data-testid/data-status (the renderer's documented test hooks).
 */
import type { Locator, Page } from '@playwright/test';

export type Panel = 'Create' | 'Queue' | 'Library' | 'Cache' | 'Performance' | 'Settings';
export type RowStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export async function openPanel(page: Page, name: Panel): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true }).or(page.getByRole('button', { name, exact: true })).first();
  await tab.click();
}

/** A drop onto the queue, through its <input type=file multiple> (what the drop zone feeds). */
export async function dropOnQueue(page: Page, files: string[]): Promise<void> {
  await openPanel(page, 'Queue');
  await page.locator('input[type=file][multiple]').first().setInputFiles(files);
  // A new batch normally starts by itself; if the queue still offers Start (a queued batch), press it.
  // The button can vanish between the check and the click as the batch starts, which is fine.
  const start = page.getByRole('button', { name: 'Start', exact: true });
  if ((await start.isVisible().catch(() => false)) && (await start.isEnabled().catch(() => false))) {
    await start.click({ timeout: 3_000 }).catch(() => {});
  }
}

export function jobRows(page: Page): Locator {
  return page.getByTestId('job-row');
}

export function rowsWithStatus(page: Page, status: RowStatus): Locator {
  return page.locator(`[data-testid="job-row"][data-status="${status}"]`);
}

/**
 * Waits until `count` rows have reached `status`. Fails as soon as more rows have failed than
 * `allowFailed`, quoting their reasons, instead of sitting out the timeout.
 */
export async function waitForRows(page: Page, status: RowStatus, count: number, opts: { timeoutMs?: number; allowFailed?: number } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 150_000);
  const failed = rowsWithStatus(page, 'failed');
  for (;;) {
    const reached = await rowsWithStatus(page, status).count();
    if (reached === count) return;
    if (status !== 'failed' && (await failed.count()) > (opts.allowFailed ?? 0)) {
      const reasons = (await failed.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      throw new Error(`Waiting for ${count} ${status} row(s), but jobs failed:\n  ${reasons.join('\n  ')}`);
    }
    if (Date.now() > deadline) {
      const statuses = await jobRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
      throw new Error(`Timed out waiting for ${count} ${status} row(s); rows are: ${JSON.stringify(statuses)}`);
    }
    await page.waitForTimeout(250);
  }
}

/** The first number in a panel value such as "42 %" or "3 entries". */
export async function numberIn(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  const m = /-?\d+(?:[.,]\d+)?/.exec(text);
  if (!m) throw new Error(`No number in ${JSON.stringify(text)}`);
  return Number(m[0].replace(',', '.'));
}
