import { memo } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { ProgressBar } from '../../components/ProgressBar';
import { formatEta, formatPercent } from '../../lib/format';
import type { JobView } from '../../types/contract';
import { canCancel, canRetry, hasOutput } from './jobRules';
import { StageChips } from './StageChips';

const TONE: Record<JobView['status'], 'accent' | 'ok' | 'warn' | 'danger' | 'muted'> = {
  queued: 'muted',
  running: 'accent',
  done: 'ok',
  failed: 'danger',
  cancelled: 'muted',
  interrupted: 'warn',
  paused: 'warn',
};

/**
 * One video in the queue. Memoised on the job object: the store keeps the identity of jobs
 * that did not change, so a progress tick re-renders only the rows that moved.
 */
export const JobRow = memo(function JobRow({ job }: { job: JobView }) {
  const api = getApi();
  const action = useAction(async (kind: 'cancel' | 'retry' | 'open' | 'reveal') => {
    const input = { jobId: job.id };
    if (kind === 'cancel') await api.invoke('job.cancel', input);
    else if (kind === 'retry') await api.invoke('job.retry', input);
    else if (kind === 'open') await api.invoke('job.open', input);
    else await api.invoke('job.reveal', input);
  });
  const errorText = job.status === 'failed' && job.error ? job.error.message : action.error;

  return (
    <div className="job-row" data-testid="job-row" data-status={job.status} data-job-id={job.id}>
      <div className="job-thumb">{job.thumbnailUrl ? <img src={job.thumbnailUrl} alt="" loading="lazy" decoding="async" /> : <span className="thumb-placeholder" aria-hidden="true" />}</div>
      <div className="job-main">
        <div className="job-title-line">
          <span className="job-title" title={job.title}>
            {job.title || 'Untitled'}
          </span>
          <span className="job-status" data-status={job.status}>
            {job.status}
          </span>
        </div>
        <StageChips job={job} />
        <div className="job-progress-line">
          <ProgressBar value={job.progress} label={`Progress of ${job.title || 'video'}`} tone={TONE[job.status]} />
          <span className="job-pct">{formatPercent(job.progress)}</span>
          <span className="job-eta" title="Estimated time left">
            {job.status === 'running' ? `ETA ${formatEta(job.etaSec)}` : ''}
          </span>
        </div>
        {job.output?.warnings?.length ? (
          <p className="job-warning muted small" data-testid="job-warning" title={job.output.warnings.join('\n')}>
            ⚠ {job.output.warnings[0]}
            {job.output.warnings.length > 1 ? ` (+${job.output.warnings.length - 1} more)` : ''}
          </p>
        ) : null}
        {errorText ? (
          <p className="job-error" role={job.status === 'failed' ? undefined : 'alert'} data-testid="job-error" title={errorText}>
            {errorText}
          </p>
        ) : null}
      </div>
      <div className="job-actions">
        <button type="button" className="button small" disabled={!canCancel(job.status) || action.pending} onClick={() => void action.run('cancel')}>
          Cancel
        </button>
        <button type="button" className="button small" disabled={!canRetry(job.status) || action.pending} onClick={() => void action.run('retry')}>
          Retry
        </button>
        <button type="button" className="button small" disabled={!hasOutput(job) || action.pending} onClick={() => void action.run('open')}>
          Open
        </button>
        <button type="button" className="button small" disabled={!hasOutput(job) || action.pending} onClick={() => void action.run('reveal')}>
          Reveal
        </button>
      </div>
    </div>
  );
});
