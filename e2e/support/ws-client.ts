/**
 * A test-side client for the browser host's WebSocket, so specs can read state (library paths,
 * settings) through the same contract the renderer uses, without reaching into the page.
 */
import WebSocket from 'ws';

export async function invokeOverWs(origin: string, token: string, channel: string, input: unknown): Promise<unknown> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<unknown>((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
        if (msg.id !== 1) return;
        if (msg.ok) resolve(msg.result);
        else reject(new Error(msg.error?.message ?? 'request failed'));
      });
      ws.send(JSON.stringify({ id: 1, channel, input }));
    });
  } finally {
    ws.close();
  }
}
