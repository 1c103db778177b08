import { describe, expect, it } from 'vitest';
import type { DesktopBridge } from '../types/contract';
import { desktopApi } from './desktopApi';
import { ApiError } from './errors';

describe('desktopApi', () => {
  it('returns results and turns a failed reply into an ApiError that keeps kind and subject', async () => {
    const bridge = {
      invoke: async (channel: string) =>
        channel === 'settings.set'
          ? { ok: false, error: { kind: 'config', message: 'ffmpeg was not found at /x', subject: 'ffmpegPath' } }
          : { ok: true, result: { version: '0.1.0' } },
      on: () => () => {},
      pathForFile: () => '/clip.mp4',
    } as unknown as DesktopBridge;
    const api = desktopApi(bridge);
    expect(await api.invoke('app.info', {})).toEqual({ version: '0.1.0' });
    const err = await api.invoke('settings.set', { ffmpegPath: '/x' }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'config', subject: 'ffmpegPath', message: 'ffmpeg was not found at /x' });
  });
});
