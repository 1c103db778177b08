/**
 * The IPC binding without an Electron binary: `electron` is replaced by a fake ipcMain that
 * records handlers, so the sender-frame check, validation and event fan-out run for real.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractHandlers, EventName, EventPayloads } from '../core/contract.js';
import type { EventSource } from '../host/event-names.js';

const handlersByChannel = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
const sent: { url: string; channel: string; payload: unknown }[] = [];
const windows: { webContents: { isDestroyed(): boolean; getURL(): string; send(channel: string, payload: unknown): void } }[] = [];

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlersByChannel.set(channel, fn),
    removeHandler: (channel: string) => handlersByChannel.delete(channel),
  },
  BrowserWindow: { getAllWindows: () => windows },
}));

const { bindIpc } = await import('./ipc.js');

function fakeStudio() {
  const emitter = new EventEmitter();
  const calls: unknown[] = [];
  const studio = {
    'job.cancel': async (input: unknown) => {
      calls.push(input);
      return { ok: true };
    },
    on<E extends EventName>(event: E, listener: (p: EventPayloads[E]) => void) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
  } as unknown as ContractHandlers & EventSource;
  return { studio, emitter, calls };
}

function invokeEvent(url: string, opts: { subframe?: boolean; destroyed?: boolean } = {}) {
  const mainFrame = { url, isDestroyed: () => opts.destroyed === true };
  const senderFrame = opts.subframe ? { url, isDestroyed: () => false } : mainFrame;
  return { senderFrame, sender: { mainFrame } };
}

const trusted = (url: string) => url.startsWith('app://reelforge/');

describe('bindIpc', () => {
  beforeEach(() => {
    handlersByChannel.clear();
    sent.length = 0;
    windows.length = 0;
  });

  it('registers one handler per contract channel and removes them on dispose', () => {
    const { studio } = fakeStudio();
    const binding = bindIpc(studio, trusted, () => {});
    expect(handlersByChannel.has('rf:job.cancel')).toBe(true);
    expect(handlersByChannel.has('rf:settings.setApiKey')).toBe(true);
    binding.dispose();
    expect(handlersByChannel.size).toBe(0);
  });

  it('calls the handler for our own page with valid input', async () => {
    const { studio, calls } = fakeStudio();
    bindIpc(studio, trusted, () => {});
    const reply = await handlersByChannel.get('rf:job.cancel')!(invokeEvent('app://reelforge/index.html'), { jobId: 'j1' });
    expect(reply).toEqual({ ok: true, result: { ok: true } });
    expect(calls).toEqual([{ jobId: 'j1' }]);
  });

  it('refuses foreign pages, subframes and destroyed frames before validating anything', async () => {
    const { studio, calls } = fakeStudio();
    bindIpc(studio, trusted, () => {});
    const handle = handlersByChannel.get('rf:job.cancel')!;
    for (const event of [invokeEvent('https://evil.example/'), invokeEvent('app://reelforge/', { subframe: true }), invokeEvent('app://reelforge/', { destroyed: true })]) {
      expect(await handle(event, { jobId: 'j1' })).toMatchObject({ ok: false, error: { kind: 'usage' } });
    }
    expect(calls).toEqual([]);
  });

  it('rejects invalid input with the field named', async () => {
    const { studio, calls } = fakeStudio();
    bindIpc(studio, trusted, () => {});
    const reply = await handlersByChannel.get('rf:job.cancel')!(invokeEvent('app://reelforge/'), { jobId: '' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'usage', subject: 'jobId' } });
    expect(calls).toEqual([]);
  });

  it('sends events only to windows showing our app', () => {
    const { studio, emitter } = fakeStudio();
    const win = (url: string) => ({ webContents: { isDestroyed: () => false, getURL: () => url, send: (channel: string, payload: unknown) => sent.push({ url, channel, payload }) } });
    windows.push(win('app://reelforge/'), win('https://elsewhere.example/'));
    bindIpc(studio, trusted, () => {});
    emitter.emit('notice', { level: 'info', message: 'hi' });
    expect(sent).toEqual([{ url: 'app://reelforge/', channel: 'rf:event:notice', payload: { level: 'info', message: 'hi' } }]);
  });
});
