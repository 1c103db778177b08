import type { JobView } from '../../types/contract';
import { CHIP_STAGES, chipStatus } from './jobRules';

/** script · voice · captions · background · render, each coloured by its stage status. */
export function StageChips({ job }: { job: Pick<JobView, 'stages' | 'stage' | 'status'> }) {
  return (
    <ul className="chips" aria-label="Stages">
      {CHIP_STAGES.map(({ stage, label }) => {
        const status = chipStatus(job, stage);
        return (
          <li key={stage} className="chip" data-status={status} data-current={job.stage === stage || undefined}>
            {label}
            <span className="sr-only">: {status}</span>
          </li>
        );
      })}
    </ul>
  );
}
