/**
 * Feeds the store from the host: a snapshot first, then pushed updates. Listeners are attached
 * once, outside React, and call store actions directly. Job and batch updates pass through a
 * per-frame coalescer. After the WebSocket reconnects we reload the snapshots, because events
 * sent while we were away are gone.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionListener } from '../api/connection';
import { errorMessage } from '../api/errors';
import type { BatchView, JobView, ReelforgeApi } from '../types/contract';
import { createCoalescer, type Schedule } from './coalescer';
import type { AppState } from './types';

export interface BindOptions {
  onConnection?: (listener: ConnectionListener) => () => void;
  schedule?: Schedule;
}

export function bindEvents(api: ReelforgeApi, store: StoreApi<AppState>, opts: BindOptions = {}): () => void {
  const s = () => store.getState();
  const jobs = createCoalescer<JobView>((j) => j.id, (items) => s().applyJobs(items), opts.schedule);
  const batches = createCoalescer<BatchView>((b) => b.id, (items) => s().applyBatches(items), opts.schedule);

  const offs = [
    api.on('jobs', (p) => {
      if (p.removed && p.removed.length > 0) {
        // Updates held for this frame must not bring a removed job back.
        jobs.flush();
        s().removeJobs(p.removed);
      }
      jobs.push(p.jobs);
    }),
    api.on('batches', (p) => batches.push(p.batches)),
    api.on('cache', (stats) => s().setCacheStats(stats)),
    api.on('perf', (snapshot) => s().applyPerf(snapshot)),
    api.on('notice', (n) => s().pushToast(n.level, n.message)),
  ];

  let wasOpen = false;
  const offConnection = opts.onConnection?.((state) => {
    s().setConnection(state);
    if (state === 'open') {
      // Flush first so a snapshot's stale-update check sees everything we already hold.
      jobs.flush();
      batches.flush();
      void loadInitial(api, store);
      if (wasOpen) s().pushToast('info', 'Reconnected to Reelforge.');
      wasOpen = true;
    }
  });
  if (!opts.onConnection) {
    s().setConnection('open');
    void loadInitial(api, store);
  }

  return () => {
    for (const off of offs) off();
    offConnection?.();
  };
}

/** Everything the panels need to draw their first frame. Each failure lands in its own panel. */
export async function loadInitial(api: ReelforgeApi, store: StoreApi<AppState>): Promise<void> {
  const s = () => store.getState();
  await Promise.all([
    api.invoke('queue.list', {}).then(s().applyQueueSnapshot, (e: unknown) => s().setQueueError(errorMessage(e))),
    api.invoke('settings.get', {}).then(s().setSettings, (e: unknown) => s().pushToast('error', `Could not load settings: ${errorMessage(e)}`)),
    api.invoke('app.info', {}).then(s().setAppInfo, () => undefined),
    api.invoke('voices.list', {}).then(s().setVoices, (e: unknown) => s().pushToast('warning', `Could not list voices: ${errorMessage(e)}`)),
    api.invoke('cache.stats', {}).then(s().setCacheStats, (e: unknown) => s().setCacheError(errorMessage(e))),
  ]);
}
