/**
 * Settings → Render farm: the app becomes a farm's controller from its Settings (a real
 * redis-server with a password), a real `reelforge worker` joins and is listed with its
 * capabilities and health, a video dropped on the queue is rendered by it, and the Redis
 * password never reaches the page.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startWorkerProcess, type WorkerProcess } from '../main/testing/farm-workers.js';
import { RedisHarness } from '../main/testing/redis-server.js';
import { expect, test } from './fixtures.js';
import { openPanel, waitForRows } from './support/ui.js';

const PASSWORD = 'e2e-farm-redis-secret-42';

test('Settings → Render farm: on from the app, a worker listed with its capabilities, a video rendered by it', async ({ app }) => {
  test.skip(app.kind !== 'web', 'one host is enough: the farm is the same core behind both');
  const { page } = app;
  const redis = await RedisHarness.start({ password: PASSWORD });
  let worker: WorkerProcess | undefined;
  try {
    await openPanel(page, 'Settings');
    const card = page.getByRole('region', { name: 'Render farm' });
    await expect(card.getByTestId('farm-state')).toHaveAttribute('data-state', 'off');
    await card.getByLabel('Redis URL', { exact: true }).fill(redis.url);
    await card.getByLabel('Workers reach this app at', { exact: true }).fill('127.0.0.1:0');
    await card.getByRole('button', { name: 'Turn on', exact: true }).click();
    await expect(card.getByTestId('farm-state')).toHaveAttribute('data-state', 'on');
    const command = await card.getByTestId('farm-worker-command').textContent();
    expect(command).toContain('reelforge worker');
    expect(command).not.toContain(PASSWORD);

    const status = await app.invoke<{ controllerUrl: string; workerCommand: string }>('farm.status');
    const token = /--token (\S+)/.exec(status.workerCommand)?.[1] ?? '';
    worker = await startWorkerProcess({
      redisUrl: redis.url, controllerUrl: status.controllerUrl, token, name: 'e2e-render-box', tags: ['nvenc'],
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'reelforge-e2e-worker-')),
    });
    const listed = card.getByRole('list', { name: 'Farm workers' }).getByRole('listitem').filter({ hasText: 'e2e-render-box' });
    await expect(listed).toBeVisible();
    await expect(listed).toContainText('Idle');
    await expect(listed).toContainText('1 slot');
    await expect(listed).toContainText('nvenc');
    await expect(listed).toContainText('ffmpeg version');
    await app.screenshot('settings-farm');
    // The card alone (the page scrolls inside its panel): docs/screenshots/settings-farm.png is this.
    await card.screenshot({ path: path.resolve('e2e/screenshots/settings-farm-card.png') });

    await app.invoke('queue.addJobs', { jobs: [{ script: 'Rendered on the farm, from the browser.' }] });
    await openPanel(page, 'Queue');
    await waitForRows(page, 'done', 1);
    expect(worker.log()).toMatch(/runs compile/);

    expect(await page.content()).not.toContain(PASSWORD);
    for (const frame of app.framesReceived) expect(frame).not.toContain(PASSWORD);
  } finally {
    worker?.kill('SIGTERM');
    await worker?.exited;
    await redis.dispose();
  }
});
