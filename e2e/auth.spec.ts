/** Spec 7: the browser host refuses every request that lacks its token (and foreign origins). */
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { expect, test } from './fixtures.js';

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', reject);
  });
}

function getWithHost(origin: string, pathAndQuery: string, host: string): Promise<number> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: pathAndQuery, headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('requests without the token are refused', async ({ app }) => {
  test.skip(app.kind !== 'web', 'The desktop app has no HTTP surface; its IPC checks the sender frame instead.');
  const server = app.server!;
  const { origin, token } = server;

  for (const p of ['/', '/index.html', '/files/out/x.mp4', '/ws']) {
    const res = await fetch(`${origin}${p}`);
    expect([401, 403], p).toContain(res.status);
  }
  expect((await fetch(`${origin}/?token=not-the-token`)).status).toBe(401);
  expect([401, 403]).toContain((await fetch(`${origin}/upload?name=a.txt`, { method: 'POST', body: 'x' })).status);

  const wsUrl = `${origin.replace('http', 'ws')}/ws`;
  expect(await upgradeStatus(wsUrl)).toBe(401);
  expect(await upgradeStatus(`${wsUrl}?token=wrong`)).toBe(401);
  // A page on another site that learned the token still cannot open the socket (cross-site WebSocket).
  expect(await upgradeStatus(`${wsUrl}?token=${token}`, { Origin: 'https://evil.example' })).toBe(403);
  // DNS rebinding: the right token under a foreign Host is refused.
  expect(await getWithHost(origin, `/?token=${token}`, `rebind.example:${new URL(origin).port}`)).toBe(403);

  // And with the token the page loads, which is what the other specs rely on.
  expect((await fetch(server.url)).status).toBe(200);
  await app.page.goto(server.url);
  await app.screenshot('auth');
});
