/**
 * Issue 10, in the browser: two Reelforge hosts in one browser do not break each other, and no
 * other local service receives what authorises them (a cookie for 127.0.0.1 reaches every port).
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileSignature } from '../main/web/auth.js';
import { expect, test } from './fixtures.js';
import { startServer } from './support/serve.js';

test('a second host in the same browser leaves the first one\'s media working, and other local services get no credentials', async ({ app, media }) => {
  test.skip(app.kind !== 'web', 'The desktop app has no HTTP surface or cookie.');
  const a = app.server!;
  // A picture in A's data folder, and the URL A's page would be handed for it.
  await mkdir(path.join(app.dataDir, 'videos'), { recursive: true });
  const thumb = path.join(app.dataDir, 'videos', 'thumb.jpg');
  await copyFile(media.clip, thumb);
  const signedUrl = `/files/videos/thumb.jpg?sig=${fileSignature(a.token, 'videos/thumb.jpg')}`;

  // Another local service the user visits, recording what the browser sends it.
  const seen: IncomingHttpHeaders[] = [];
  const other = createServer((req, res) => {
    seen.push(req.headers);
    res.end('other service');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;

  const bDir = await mkdtemp(path.join(os.tmpdir(), 'reelforge-e2e-second-'));
  const b = await startServer(bDir);
  try {
    const pageB = await app.page.context().newPage();
    await pageB.goto(b.url);
    await pageB.goto(otherUrl);
    await app.page.goto(otherUrl);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const headers of seen) expect(headers.cookie ?? '').not.toMatch(/reelforge/i);

    // Back on A after B was opened in the same browser: A's own media still loads.
    await app.page.goto(a.url);
    const status = await app.page.evaluate(async (url) => (await fetch(url)).status, signedUrl);
    expect(status).toBe(200);
    expect((await app.page.context().cookies()).filter((c) => /reelforge/i.test(c.name))).toEqual([]);
    await pageB.close();
  } finally {
    await b.stop();
    await new Promise<void>((resolve) => other.close(() => resolve()));
    await rm(bDir, { recursive: true, force: true });
  }
});
