import type { JobView } from '../../types/contract';
import { CHIP_STAGES, chipStatus } from './jobRules';

/** What each status means, for screen readers and the legend: colour is never the only signal. */
export const CHIP_MEANING: Record<string, string> = {
  pending: 'not started',
  running: 'running',
  done: 'done',
  cached: 'from the cache',
  failed: 'failed',
  skipped: 'not needed',
};

/** script · voice · captions · background · render, each coloured by its stage status. */
export function StageChips({ job }: { job: Pick<JobView, 'stages' | 'stage' | 'status'> }) {
  return (
    <ul className="chips" aria-label="Stages">
      {CHIP_STAGES.map(({ stage, label }) => {
        const status = chipStatus(job, stage);
        return (
          <li key={stage} className="chip" data-status={status} data-current={job.stage === stage || undefined} title={`${label}: ${CHIP_MEANING[status] ?? status}`}>
            {label}
            <span className="sr-only">: {CHIP_MEANING[status] ?? status}</span>
          </li>
        );
      })}
    </ul>
  );
}
