/**
 * Ideas and the virality score are optional (DESIGN §3): when they fail the finished video is
 * still delivered, the manifest says what failed and why, and a render that fails elsewhere
 * never leaves an insight's rejection unobserved (which would end the host process).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { OpenAiTestServer } from '../../testing/openai-test-server.js';
import { tempDir } from '../../testing/media-fixtures.js';

let server: OpenAiTestServer;
let close: () => Promise<void>;
let engine: Engine;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('reelforge-insights-');
  server = new OpenAiTestServer();
  const started = await server.start();
  close = started.close;
  engine = await Engine.open({ dataDir: path.join(dir, 'data'), workers: 2, provider: 'openai', apiKey: 'sk-test-insights', baseURL: started.url });
});

afterAll(async () => {
  await engine.close();
  await close();
});

const SMALL = { size: { width: 180, height: 320 }, quality: 'draft' as const };

describe('optional insights', () => {
  it('a failed ideas and virality call still delivers the video, with the reasons in the manifest', async () => {
    server.failNext('chat', {}); // the script is written
    server.failNext('chat', { status: 400 }); // ideas and virality are refused (400: not retried)
    server.failNext('chat', { status: 400 });
    // 22 s: the length the test server's script voices to, so no revision call joins the scripted ones.
    const req = await engine.resolve({ topic: 'Why owls turn their heads', duration: 22, voice: 'system:en-us' }, SMALL);
    const { manifest } = await engine.render(req, path.join(dir, 'out'));
    expect(existsSync(manifest.outputs.mp4)).toBe(true);
    expect(manifest.ideas).toBeNull();
    expect(manifest.virality).toBeNull();
    for (const stage of ['ideas', 'virality'] as const) {
      const r = manifest.stages.find((s) => s.stage === stage);
      expect(r?.status).toBe('failed');
      expect(r?.error).toMatch(/400|refused/i);
    }
    expect(manifest.warnings).toHaveLength(2);
    expect(manifest.warnings.join(' ')).toMatch(/Background ideas failed.*video is fine/);

    // Not stored whole: the next identical request retries the insights, and everything else is cached.
    const before = server.count('chat');
    const again = (await engine.render(req, path.join(dir, 'out'))).manifest;
    expect(again.cache.videoHit).toBe(false);
    expect(server.count('chat') - before).toBe(2);
    expect(again.ideas).not.toBeNull();
    expect(again.warnings).toEqual([]);
    expect(again.stages.find((s) => s.stage === 'compile')?.status).toBe('cached');
  });

  it('a voice failure while the insights are still pending fails the render and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // A script of its own: no script call and no first-use pace calibration ahead of the voice.
      server.failNext('chat', { status: 400, delayMs: 600 }); // insights fail late, after the voice
      server.failNext('chat', { status: 400, delayMs: 600 });
      server.failNext('speech', { status: 400 });
      const req = await engine.resolve({ script: 'Herons stand still to fish.', duration: 5, voice: 'openai:nova' }, SMALL);
      await expect(engine.render(req, path.join(dir, 'out'))).rejects.toThrow(/speech|voice|400|refused/i);
      // Let the late insight answers arrive (or be aborted) and any rejection surface.
      await new Promise((r) => setTimeout(r, 1200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
