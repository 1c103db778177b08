import { useMemo } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { actions, useApp } from '../../store/store';
import { clearableCount, countFilters, FILTER_LABELS, QUEUE_FILTERS } from './jobRules';
import { CHIP_MEANING } from './StageChips';

/**
 * Finding your way in a long queue: a status filter with counts, a title search, and
 * "Clear finished" (settled rows leave the list; finished videos stay in the Library).
 */
export function QueueToolbar() {
  const order = useApp((s) => s.jobs.order);
  const byId = useApp((s) => s.jobs.byId);
  const filter = useApp((s) => s.queueFilter);
  const query = useApp((s) => s.queueQuery);
  const counts = useMemo(() => countFilters(order, byId), [order, byId]);
  const clearable = useMemo(() => clearableCount(order, byId), [order, byId]);

  const clear = useAction(async () => {
    const { cleared } = await getApi().invoke('queue.clearFinished', {});
    actions().pushToast('info', cleared > 0 ? `Cleared ${cleared} finished video${cleared === 1 ? '' : 's'} from the list. Finished ones stay in the Library.` : 'Nothing to clear.');
  });

  return (
    <div className="queue-toolbar">
      <fieldset className="segmented" aria-label="Show">
        <legend className="sr-only">Show</legend>
        {QUEUE_FILTERS.map((f) => (
          <label key={f} className="segment" data-checked={filter === f || undefined}>
            <input type="radio" name="queue-filter" value={f} checked={filter === f} onChange={() => actions().setQueueFilter(f)} />
            <span>{FILTER_LABELS[f]}</span>
            <span className="segment-count" data-testid={`filter-count-${f}`}>
              {counts[f]}
            </span>
          </label>
        ))}
      </fieldset>
      <input
        type="search"
        className="queue-search"
        value={query}
        placeholder="Search titles"
        aria-label="Search videos by title"
        maxLength={200}
        onChange={(e) => actions().setQueueQuery(e.currentTarget.value)}
      />
      <button type="button" className="button ghost" disabled={clearable === 0 || clear.pending} onClick={() => void clear.run()} title="Take done, failed and cancelled videos off this list">
        Clear finished{clearable > 0 ? ` (${clearable})` : ''}
      </button>
      <ul className="chip-legend" aria-label="What the stage colours mean">
        {(['running', 'done', 'cached', 'failed'] as const).map((s) => (
          <li key={s} className="chip" data-status={s}>
            {CHIP_MEANING[s]}
          </li>
        ))}
      </ul>
      <InlineError message={clear.error} />
    </div>
  );
}
