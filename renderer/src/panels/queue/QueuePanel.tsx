import { InlineError } from '../../components/InlineError';
import { useApp } from '../../store/store';
import { BatchControls } from './BatchControls';
import { DropZone } from './DropZone';
import { JobList } from './JobList';
import './queue.css';

/** The queue: add work (drop zone), steer the batch, and watch every video move through its stages. */
export function QueuePanel() {
  const count = useApp((s) => s.jobs.order.length);
  const loaded = useApp((s) => s.queueLoaded);
  const error = useApp((s) => s.queueError);

  return (
    <div className="panel queue-panel">
      <header className="panel-header">
        <h1>Queue</h1>
        <p className="panel-subtitle">{count > 0 ? `${count} video${count === 1 ? '' : 's'}` : 'Batch-render many videos at once'}</p>
      </header>
      <DropZone compact={count > 0} />
      <BatchControls />
      <InlineError message={error} />
      {count > 0 ? (
        <JobList />
      ) : loaded ? (
        <div className="empty-state" data-testid="queue-empty">
          <h2>Your queue is empty</h2>
          <p>Drop a topics file above — a .txt with one topic per line, a .csv (topic, genre, duration, voice, preset, background) or a .json list of jobs — or a folder of clips to use as backgrounds.</p>
          <p>Want to shape a single video first? Open Create, preview the script and add it here.</p>
        </div>
      ) : !error ? (
        <p className="loading">Loading the queue…</p>
      ) : null}
    </div>
  );
}
