/**
 * The desktop window shows the queue it had last time, soon after launch (issue 15). The data
 * folder is seeded with a batch before the app starts; the time from launch to the rows being
 * on screen is recorded as an annotation (speed is reported, not asserted: see npm run bench).
 * Runs in the electron project only, where the Electron binary and its SQLite module exist.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openAppDb } from '../main/core/batch/app-db.js';
import { BatchQueue } from '../main/core/batch/queue.js';
import { electronBinary, electronSkipReason, launchDesktopApp } from './support/electron-app.js';
import { jobRows, openPanel } from './support/ui.js';

// eslint-disable-next-line no-empty-pattern -- no fixtures: this spec launches its own app on a seeded folder
test('the last queue is on screen after a relaunch', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'electron', 'Start-up of the desktop app; the browser host has no launch to measure.');
  const reason = electronSkipReason();
  test.skip(reason !== null, reason ?? '');
  const binary = electronBinary();
  if (!('path' in binary)) throw new Error(binary.missing);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-e2e-start-'));
  try {
    const db = openAppDb(dataDir);
    const queue = new BatchQueue({ db, runJob: () => Promise.reject(new Error('not run here')) });
    const topics = ['Why cats purr', 'How bees talk', 'Why the sea is salty'];
    queue.createBatch(topics.map((topic, i) => ({ spec: { topic }, source: `seed[${i}]` })), { outDir: path.join(dataDir, 'videos'), start: false, label: 'seeded' });
    await queue.close();
    db.close();

    const launchedAt = Date.now();
    const app = await launchDesktopApp(binary.path, dataDir);
    try {
      const win = await app.firstWindow({ timeout: 30_000 });
      await openPanel(win, 'Queue');
      await expect(jobRows(win)).toHaveCount(topics.length);
      const ms = Date.now() - launchedAt;
      testInfo.annotations.push({ type: 'launch → last queue visible', description: `${ms} ms (target ≤ 1000 ms)` });
      process.stdout.write(`desktop start: launch → last queue visible in ${ms} ms\n`);
    } finally {
      await app.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
