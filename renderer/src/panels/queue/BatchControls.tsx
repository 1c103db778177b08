import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getApi } from '../../api/getApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { formatEta } from '../../lib/format';
import { actions, useApp } from '../../store/store';
import { batchesInOrder } from '../../store/merge';
import { batchAbilities, parseConcurrency, pauseNote, retryLabel, summariseCounts } from './jobRules';

/**
 * Start / pause / resume / cancel / retry-failed for one batch (the newest by default), plus
 * the batch's concurrency and stop-on-error. Without a batch, concurrency and stop-on-error
 * set the defaults the next batch starts with.
 */
export function BatchControls() {
  const api = getApi();
  const batches = useApp(useShallow((s) => batchesInOrder(s.batches)));
  const settings = useApp((s) => s.settings);
  const queuedCount = useApp((s) => s.jobs.order.reduce((n, id) => n + (s.jobs.byId[id]?.status === 'queued' ? 1 : 0), 0));
  const [chosenId, setChosenId] = useState<string | null>(null);
  // The newest batch by default: it is the one on top of the list.
  const batch = useMemo(() => batches.find((b) => b.id === chosenId) ?? batches[0], [batches, chosenId]);
  const can = batchAbilities(batch, queuedCount);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const concurrency = batch?.concurrency ?? settings?.concurrency ?? 5;
  const stopOnError = batch?.stopOnError ?? settings?.stopOnError ?? false;
  const [draft, setDraft] = useState(String(concurrency));
  const [draftError, setDraftError] = useState<string | null>(null);
  useEffect(() => setDraft(String(concurrency)), [concurrency]);

  const control = useAction(async (kind: 'start' | 'pause' | 'resume' | 'cancel' | 'retry') => {
    if (kind === 'start') {
      await api.invoke('batch.start', batch ? { batchId: batch.id } : {});
      return;
    }
    if (!batch) return;
    const input = { batchId: batch.id };
    if (kind === 'pause') await api.invoke('batch.pause', input);
    else if (kind === 'resume') await api.invoke('batch.resume', input);
    else if (kind === 'cancel') await api.invoke('batch.cancel', input);
    else {
      const { retried } = await api.invoke('batch.retryFailed', { ...input, includeCancelled: true });
      actions().pushToast('info', `Retrying ${retried} video${retried === 1 ? '' : 's'}.`);
    }
  });

  const options = useAction(async (change: { concurrency?: number; stopOnError?: boolean }) => {
    await api.invoke('batch.setOptions', batch ? { batchId: batch.id, ...change } : change);
  });

  function commitConcurrency(text: string): void {
    setDraft(text);
    const parsed = parseConcurrency(text);
    if ('error' in parsed) {
      setDraftError(parsed.error);
      return;
    }
    setDraftError(null);
    if (parsed.value !== concurrency) void options.run({ concurrency: parsed.value });
  }

  return (
    <section className="batch-controls stack-2" aria-label="Batch controls">
      <div className="batch-row">
        {batches.length > 1 ? (
          <label className="field inline">
            <span>Batch</span>
            <select value={batch?.id ?? ''} onChange={(e) => setChosenId(e.currentTarget.value)}>
              {batches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label ? `${b.label.length > 40 ? `${b.label.slice(0, 39)}…` : b.label} · ` : ''}
                  {new Date(b.createdAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })} · {b.status}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="button-group">
          {/* Start / Pause / Resume share one slot: only the move that applies is offered. */}
          {can.start ? (
            <button type="button" className="button primary" disabled={control.pending} onClick={() => void control.run('start')}>
              Start
            </button>
          ) : null}
          {can.pause ? (
            <button type="button" className="button" disabled={control.pending} title="Videos rendering now finish; nothing new starts until you resume" onClick={() => void control.run('pause')}>
              Pause
            </button>
          ) : null}
          {can.resume ? (
            <button type="button" className="button primary" disabled={control.pending} onClick={() => void control.run('resume')}>
              Resume
            </button>
          ) : null}
          <button type="button" className="button" disabled={!can.cancel || control.pending} onClick={() => setConfirmCancel(true)}>
            Cancel batch
          </button>
          <button type="button" className="button" disabled={!can.retryFailed || control.pending} onClick={() => void control.run('retry')}>
            {batch ? retryLabel(batch.counts) : 'Retry failed'}
          </button>
        </div>
        <label className="field inline">
          <span>Concurrency</span>
          <input
            type="number"
            min={1}
            max={10}
            step={1}
            className="narrow"
            value={draft}
            aria-invalid={draftError !== null}
            aria-describedby={draftError ? 'concurrency-error' : undefined}
            onChange={(e) => commitConcurrency(e.currentTarget.value)}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={stopOnError} onChange={(e) => void options.run({ stopOnError: e.currentTarget.checked })} />
          <span>Stop on error</span>
        </label>
      </div>
      {batch ? (
        <p className="batch-summary" data-testid="batch-summary">
          <span className="batch-status" data-status={batch.status}>
            {batch.status}
          </span>
          <span>{summariseCounts(batch.counts)}</span>
          {batch.videosPerMinute > 0 ? <span>{batch.videosPerMinute.toFixed(1)} videos/min</span> : null}
          {batch.status === 'running' ? <span data-testid="batch-eta">ETA {formatEta(batch.etaSec)} for the batch</span> : null}
        </p>
      ) : null}
      {batch && pauseNote(batch) ? (
        <p className="batch-note" data-testid="pause-note">
          {pauseNote(batch)}
        </p>
      ) : null}
      <InlineError message={draftError} id="concurrency-error" />
      <InlineError message={control.error ?? options.error} />
      <ConfirmDialog open={confirmCancel} title="Cancel this batch?" confirmLabel="Confirm" danger onConfirm={() => void control.run('cancel')} onClose={() => setConfirmCancel(false)}>
        <p>Videos still queued or rendering stop now. Finished videos stay in the Library, and “Retry” brings back the cancelled ones later.</p>
      </ConfirmDialog>
    </section>
  );
}
