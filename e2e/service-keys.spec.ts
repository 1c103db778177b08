/** The services' keys (stock sites #11, ElevenLabs #12) are write-only, like the OpenAI key — saved, used, never sent back. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures.js';
import { openPanel } from './support/ui.js';

const PEXELS = 'pexels-e2e-key-7f3a91';
const ELEVENLABS = 'elevenlabs-e2e-key-2c8d40';

test('a Pexels and an ElevenLabs key are saved, reported as set, and never come back to the page', async ({ app }) => {
  const { page } = app;
  await openPanel(page, 'Settings');
  for (const [service, name, key] of [['pexels', 'Pexels', PEXELS], ['elevenlabs', 'ElevenLabs', ELEVENLABS]] as const) {
    await expect(page.getByTestId(`service-key-state-${service}`)).toContainText('no key');
    await page.getByLabel(`${name} API key`, { exact: true }).fill(key);
    await page.getByRole('button', { name: `Save ${name} key`, exact: true }).click();
    await expect(page.getByTestId(`service-key-state-${service}`)).toContainText('a key is set');
  }
  await app.reload();
  await openPanel(page, 'Settings');
  await expect(page.getByTestId('service-key-state-pexels')).toContainText('a key is set');
  await expect(page.getByTestId('service-key-state-elevenlabs')).toContainText('a key is set');
  await expect(page.getByLabel('ElevenLabs API key', { exact: true })).toHaveValue('');
  expect(await app.invoke('settings.serviceKeys')).toEqual({ pexels: true, pixabay: false, elevenlabs: true });
  expect((await app.invoke<{ stockKeys: { pexels: boolean; pixabay: boolean } }>('footage.list')).stockKeys).toEqual({ pexels: true, pixabay: false });
  expect(app.framesReceived.some((f) => f.includes(PEXELS) || f.includes(ELEVENLABS))).toBe(false);
  if (app.kind === 'web') {
    for (const file of ['pexels-key', 'elevenlabs-key']) expect((await stat(path.join(app.dataDir, 'secrets', file))).mode & 0o077).toBe(0);
  }

  await page.getByRole('button', { name: 'Clear ElevenLabs key', exact: true }).click();
  await expect(page.getByTestId('service-key-state-elevenlabs')).toContainText('no key');
  expect(await app.invoke('settings.serviceKeys')).toEqual({ pexels: true, pixabay: false, elevenlabs: false });
});
