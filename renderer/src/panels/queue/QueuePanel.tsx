import { useMemo } from 'react';
import { InlineError } from '../../components/InlineError';
import { actions, useApp } from '../../store/store';
import { BatchControls } from './BatchControls';
import { DropZone } from './DropZone';
import { JobList } from './JobList';
import { FILTER_LABELS, filterJobs } from './jobRules';
import { QueueToolbar } from './QueueToolbar';
import './queue.css';

/** The queue: add work (drop zone), steer the batch, find and watch every video move through its stages. */
export function QueuePanel() {
  const order = useApp((s) => s.jobs.order);
  const byId = useApp((s) => s.jobs.byId);
  const filter = useApp((s) => s.queueFilter);
  const query = useApp((s) => s.queueQuery);
  const loaded = useApp((s) => s.queueLoaded);
  const error = useApp((s) => s.queueError);
  const count = order.length;
  // Recomputed when a job changes; the list re-renders only rows whose job object changed.
  const shown = useMemo(() => filterJobs(order, byId, filter, query), [order, byId, filter, query]);
  const narrowed = filter !== 'all' || query.trim() !== '';

  return (
    <div className="panel queue-panel">
      <header className="panel-header">
        <h1>Queue</h1>
        <p className="panel-subtitle">{count > 0 ? `${count} video${count === 1 ? '' : 's'} · newest batch first` : 'Batch-render many videos at once'}</p>
      </header>
      <DropZone compact={count > 0} />
      <BatchControls />
      <InlineError message={error} />
      {count > 0 ? (
        <>
          <QueueToolbar />
          {shown.length > 0 ? (
            <JobList ids={shown} label={narrowed ? `${shown.length} of ${count} videos (${FILTER_LABELS[filter].toLowerCase()}${query.trim() ? `, matching "${query.trim()}"` : ''})` : `${count} videos in the queue`} />
          ) : (
            <p className="empty-filter muted" data-testid="queue-filter-empty">
              No {filter === 'all' ? '' : `${FILTER_LABELS[filter].toLowerCase()} `}videos{query.trim() ? ` match "${query.trim()}"` : ''}.{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  actions().setQueueFilter('all');
                  actions().setQueueQuery('');
                }}
              >
                Show all
              </button>
            </p>
          )}
        </>
      ) : loaded ? (
        <div className="empty-state" data-testid="queue-empty">
          <h2>Your queue is empty</h2>
          <p>Drop a topics file above — a .txt with one topic per line, a .csv (topic, genre, duration, voice, preset, background) or a .json list of jobs — or a folder of clips to use as backgrounds.</p>
          <p>
            Want to shape a single video first?{' '}
            <button type="button" className="link-button" onClick={() => actions().setActivePanel('Create')}>
              Open Create
            </button>
            , preview the script and add it here.
          </p>
        </div>
      ) : !error ? (
        <p className="loading">Loading the queue…</p>
      ) : null}
    </div>
  );
}
