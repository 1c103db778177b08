/**
 * Batch progress outside the window: the taskbar/dock progress bar while videos render, and a
 * native notification when a batch finishes (the creator has usually switched to another app).
 */
import { Notification, type BrowserWindow } from 'electron';
import type { BatchView, EventPayloads } from '../core/contract.js';
import type { EventSource } from '../host/event-names.js';


function settled(b: BatchView): number {
  return b.counts.done + b.counts.failed + b.counts.cancelled;
}

function total(b: BatchView): number {
  return Object.values(b.counts).reduce((a, n) => a + n, 0);
}

export function trackBatchProgress(source: EventSource, window: () => BrowserWindow | null): void {
  const known = new Map<string, BatchView>();
  const notified = new Set<string>();

  source.on('batches', ({ batches }: EventPayloads['batches']) => {
    for (const b of batches) {
      const before = known.get(b.id);
      known.set(b.id, b);
      const finishedNow = b.status === 'done' && before !== undefined && before.status !== 'done';
      if (finishedNow && !notified.has(b.id)) {
        notified.add(b.id);
        notifyFinished(b);
      }
    }
    const active = [...known.values()].filter((b) => b.status === 'running' || b.status === 'paused');
    const win = window();
    if (win === null || win.isDestroyed()) return;
    if (active.length === 0) {
      win.setProgressBar(-1);
      return;
    }
    const all = active.reduce((a, b) => a + total(b), 0);
    const done = active.reduce((a, b) => a + settled(b), 0);
    const paused = active.every((b) => b.status === 'paused');
    win.setProgressBar(all === 0 ? 2 /* indeterminate */ : done / all, { mode: paused ? 'paused' : 'normal' });
  });
}

function notifyFinished(b: BatchView): void {
  if (!Notification.isSupported()) return;
  const ok = b.counts.done;
  const failed = b.counts.failed;
  const body = failed > 0 ? `${ok} video${ok === 1 ? '' : 's'} ready, ${failed} failed.` : `${ok} video${ok === 1 ? '' : 's'} ready.`;
  new Notification({ title: 'Batch finished', body, silent: false }).show();
}

