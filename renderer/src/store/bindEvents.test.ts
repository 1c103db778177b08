import { describe, expect, it } from 'vitest';
import type { EventName, EventPayloads, ReelforgeApi } from '../types/contract';
import { bindEvents } from './bindEvents';
import { createAppStore } from './store';
import { batch, job, perf } from './testData';

/** An in-memory host: answers invokes from a table and lets the test emit events. */
function fakeApi(answers: Record<string, unknown>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: string[] = [];
  const api: ReelforgeApi = {
    invoke: ((channel: string) => {
      calls.push(channel);
      return channel in answers ? Promise.resolve(answers[channel]) : Promise.reject(new Error(`no ${channel}`));
    }) as ReelforgeApi['invoke'],
    on: ((event: string, l: (p: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(l);
      return () => listeners.get(event)!.delete(l);
    }) as ReelforgeApi['on'],
    pathForFile: () => null,
  };
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { api, emit, calls, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

const flushPromises = () => new Promise((r) => setTimeout(r, 0));

describe('bindEvents', () => {
  it('loads snapshots, then merges coalesced job events once per frame', async () => {
    const frames: (() => void)[] = [];
    const host = fakeApi({ 'queue.list': { batches: [batch({ id: 'b1' })], jobs: [job({ id: 'a' })] } });
    const store = createAppStore();
    const unbind = bindEvents(host.api, store, { schedule: (run) => frames.push(run) });
    await flushPromises();
    expect(store.getState().connection).toBe('open');
    expect(store.getState().jobs.order).toEqual(['a']);
    // Failures land in their own panels, not as exceptions.
    expect(store.getState().cacheError).toBe('no cache.stats');

    host.emit('jobs', { jobs: [job({ id: 'a', progress: 0.3, updatedAt: 2000 })] });
    host.emit('jobs', { jobs: [job({ id: 'a', progress: 0.6, updatedAt: 3000 }), job({ id: 'b', createdAt: 2000 })] });
    expect(store.getState().jobs.byId.a!.progress).toBe(0);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(store.getState().jobs.byId.a!.progress).toBe(0.6);
    expect(store.getState().jobs.order).toEqual(['b', 'a']); // the newer job first

    host.emit('perf', perf({ at: 5 }));
    host.emit('notice', { level: 'warning', message: 'Disk nearly full' });
    expect(store.getState().perf?.at).toBe(5);
    expect(store.getState().toasts.at(-1)).toMatchObject({ level: 'warning', message: 'Disk nearly full' });

    unbind();
    expect(host.listenerCount()).toBe(0);
  });

  it('reloads snapshots after a reconnect and says so', async () => {
    const host = fakeApi({ 'queue.list': { batches: [], jobs: [] } });
    const store = createAppStore();
    let notify: (s: 'connecting' | 'open' | 'closed') => void = () => undefined;
    bindEvents(host.api, store, { onConnection: (l) => ((notify = l), () => undefined), schedule: () => undefined });
    notify('open');
    await flushPromises();
    const first = host.calls.filter((c) => c === 'queue.list').length;
    notify('closed');
    expect(store.getState().connection).toBe('closed');
    notify('open');
    await flushPromises();
    expect(host.calls.filter((c) => c === 'queue.list').length).toBe(first + 1);
    expect(store.getState().toasts.map((t) => t.message)).toContain('Reconnected to Reelforge.');
  });
});
