import { describe, expect, it } from 'vitest';
import { PERF_HISTORY_LENGTH, sampleOf } from './perfSlice';
import { createAppStore } from './store';
import { batch, job, perf } from './testData';
import { addToast, MAX_TOASTS, panelFromHash } from './uiSlice';

describe('app store slices', () => {
  it('queue: snapshot then changed-only events', () => {
    const store = createAppStore();
    const s = () => store.getState();
    expect(s().queueLoaded).toBe(false);
    s().applyQueueSnapshot({ batches: [batch({ id: 'b1' })], jobs: [job({ id: 'a' }), job({ id: 'b', createdAt: 2000 })] });
    expect(s().queueLoaded).toBe(true);
    expect(s().jobs.order).toEqual(['b', 'a']);
    const before = s().jobs.byId.a;
    s().applyJobs([job({ id: 'b', createdAt: 2000, status: 'running', updatedAt: 3000 })]);
    expect(s().jobs.byId.b!.status).toBe('running');
    expect(s().jobs.byId.a).toBe(before);
    s().applyBatches([batch({ id: 'b1', status: 'running' })]);
    expect(s().batches.b1!.status).toBe('running');
  });

  it('applyJobs with nothing new does not notify subscribers', () => {
    const store = createAppStore();
    store.getState().applyJobs([job({ id: 'a', updatedAt: 5 })]);
    let calls = 0;
    store.subscribe(() => calls++);
    store.getState().applyJobs([job({ id: 'a', updatedAt: 4 })]);
    expect(calls).toBe(0);
  });

  it('perf: keeps a rolling history and never steps back in time', () => {
    const store = createAppStore();
    const s = () => store.getState();
    for (let i = 1; i <= PERF_HISTORY_LENGTH + 10; i++) s().applyPerf(perf({ at: i * 1000, throughput: [{ at: i * 1000, videosPerMinute: i }] }));
    expect(s().perfHistory).toHaveLength(PERF_HISTORY_LENGTH);
    expect(s().perfHistory.at(-1)!.videosPerMinute).toBe(PERF_HISTORY_LENGTH + 10);
    const latest = s().perf;
    s().applyPerf(perf({ at: 5 }));
    expect(s().perf).toBe(latest);
  });

  it('perf sample takes the latest throughput and the pool state', () => {
    expect(sampleOf(perf({ at: 7, throughput: [{ at: 1, videosPerMinute: 2 }, { at: 7, videosPerMinute: 3.5 }], active: [{ id: 'x', name: 'render', startedAt: 1 }] }))).toEqual({
      at: 7,
      videosPerMinute: 3.5,
      utilisation: 0.25,
      active: 1,
    });
    expect(sampleOf(perf({ at: 1 })).videosPerMinute).toBe(0);
  });

  it('settings: apiKeySet stays in step in settings and app info', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setAppInfo({ version: '1', dataDir: '/d', ffmpeg: null, host: 'web', apiKeySet: false, envApiKey: false, providerInUse: 'offline' });
    s().setApiKeySet(true);
    expect(s().appInfo!.apiKeySet).toBe(true);
    expect(s().settings).toBeNull();
  });

  it('ui: toasts are capped and de-duplicated; dismiss removes one', () => {
    const store = createAppStore();
    const s = () => store.getState();
    for (let i = 0; i < MAX_TOASTS + 2; i++) s().pushToast('info', `n${i}`);
    expect(s().toasts).toHaveLength(MAX_TOASTS);
    expect(s().toasts.at(-1)!.message).toBe(`n${MAX_TOASTS + 1}`);
    const id = s().toasts[0]!.id;
    s().dismissToast(id);
    expect(s().toasts.some((t) => t.id === id)).toBe(false);
    const same = addToast([{ id: 1, level: 'error', message: 'x' }], { id: 2, level: 'error', message: 'x' });
    expect(same).toEqual([{ id: 2, level: 'error', message: 'x' }]);
  });

  it('ui: panels by hash', () => {
    expect(panelFromHash('#performance')).toBe('Performance');
    expect(panelFromHash('Queue')).toBe('Queue');
    expect(panelFromHash('#nope')).toBeNull();
    expect(createAppStore().getState().activePanel).toBe('Queue');
  });
});
