/**
 * Spec (#14): Create with options → Queue → Library. The previewed script is edited before it is
 * voiced, the look, caption style, format and quality are chosen, and the video comes out with
 * those choices; the Library downloads it, copies its post text, deletes it with undo; Create
 * remembers the choices after a reload.
 */
import { existsSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { openPanel, rowsWithStatus } from './support/ui.js';

interface LibraryItemView {
  jobId: string;
  title: string;
  mp4: string;
  videoUrl: string;
  manifest: { script: { hook: string; hashtags: string[] }; background: { source: string }; preset: string; width: number } | null;
}

const HOOK = 'Octopuses really do run on three hearts.';

test('create with options, edit the script, queue it, then download, copy, delete and undo in the Library', async ({ app }) => {
  const { page } = app;
  // First run, empty queue: the app opens on Create.
  await expect(page.getByRole('heading', { name: 'Create', level: 1 })).toBeVisible();

  await page.getByLabel('Topic', { exact: true }).fill('Why octopuses have three hearts');
  await page.getByLabel('Duration (seconds)').fill('10');
  // By default a picture per sentence: the shot strip shows the plan before anything renders.
  await expect(page.getByLabel('Visuals')).toHaveValue('shots:library,stock,builtin');
  await page.getByRole('button', { name: 'Plan the shots' }).click();
  await expect(page.getByTestId('shot-card').first()).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Visuals').selectOption('builtin:sunset');
  await expect(page.getByTestId('shots-card')).toHaveCount(0);
  await page.getByLabel('Caption style').selectOption('pop');
  await page.getByLabel('Format').selectOption('square');
  await page.getByText('Draft (fast check)').click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();

  // The script is editable after Preview; the edit is what gets voiced.
  const hook = page.getByTestId('script-hook');
  await expect(hook).not.toHaveValue('');
  await hook.fill(HOOK);
  await page.getByLabel('Title', { exact: true }).fill('Three hearts, one octopus');
  await expect(page.getByTestId('script-edited')).toBeVisible();
  await expect(page.getByTestId('script-length')).toContainText('s spoken');
  // A still frame of the look, from the real pipeline, beside the script.
  await expect.poll(() => page.getByTestId('look-still').locator('img').evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  await app.screenshot('create-flow-preview');

  await page.getByRole('button', { name: 'Add to queue', exact: true }).click();
  await page.getByRole('button', { name: 'Show in Queue', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  const row = page.getByTestId('job-row').first();
  await expect(row).toContainText('Three hearts, one octopus');
  await expect(rowsWithStatus(page, 'done')).toHaveCount(1, { timeout: 150_000 });

  const [item] = await app.invoke<LibraryItemView[]>('library.list');
  expect(item?.manifest?.script.hook).toBe(HOOK);
  expect(item?.manifest?.background.source).toBe('builtin:sunset');
  expect(item?.manifest?.preset).toBe('square');
  expect(item?.title).toBe('Three hearts, one octopus');

  if (app.kind === 'web') {
    // Browser host: Download and "Show in Library", no Open/Reveal, no server path on the page.
    await expect(row.getByRole('button', { name: /^Open / })).toHaveCount(0);
    await row.getByRole('button', { name: 'Show in Library: Three hearts, one octopus' }).click();
  } else {
    await openPanel(page, 'Library');
    await page.getByTestId('library-item').first().getByRole('button').click();
  }
  const player = page.getByTestId('library-player');
  await expect(player).toBeVisible();
  await expect(player.getByRole('heading', { name: 'Three hearts, one octopus' })).toBeVisible();
  if (app.kind === 'web') {
    const href = await player.getByTestId('download-video').getAttribute('href');
    expect(href).toMatch(/\/files\/.+\.mp4\?(.+&)?download=1$/);
    const res = await page.request.get(new URL(href!, page.url()).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.mp4"/);
    expect(await page.locator('main').innerText()).not.toContain(app.dataDir);
  }

  // Post text: title, hashtags and credits, on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await player.getByRole('button', { name: 'Copy post text' }).click();
  const clip = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(clip.split('\n')[0]).toBe('Three hearts, one octopus');
  expect(clip).toContain('Voice: synthetic voice');
  for (const tag of item?.manifest?.script.hashtags ?? []) expect(clip).toContain(tag.startsWith('#') ? tag : `#${tag}`);
  await app.screenshot('create-flow-library');

  // Escape closes the player.
  await page.keyboard.press('Escape');
  await expect(player).toHaveCount(0);

  // Delete, then undo in time: the video and its file come back untouched.
  await page.getByTestId('library-item').first().getByRole('button').click();
  await player.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('library-item')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  expect(existsSync(item!.mp4)).toBe(true);

  // Delete for good: once the undo window passes, the files are gone.
  await page.getByTestId('library-item').first().getByRole('button').click();
  await player.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect.poll(() => existsSync(item!.mp4), { timeout: 20_000 }).toBe(false);
  expect(await app.invoke<unknown[]>('library.list')).toEqual([]);

  // Create remembers how it was set up.
  await app.reload();
  await openPanel(page, 'Create');
  await expect(page.getByLabel('Visuals')).toHaveValue('builtin:sunset');
  await expect(page.getByLabel('Caption style')).toHaveValue('pop');
  await expect(page.getByLabel('Format')).toHaveValue('square');
  await expect(page.getByLabel('Duration (seconds)')).toHaveValue('10');
  await expect(page.getByRole('radio', { name: 'Draft (fast check)' })).toBeChecked();
});
