import { pathOfPickedFile } from '../../api/filePath';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { ShotStrip } from '../../components/ShotStrip';
import type { JobSpecInput, ShotPlanView } from '../../types/contract';

/** A shot plan and the exact choices it was made for: Create renders it only while they still hold. */
export interface PlannedShots {
  plan: ShotPlanView;
  specKey: string;
}

/**
 * The shots before the render: "Plan the shots" asks the planner for a picture per sentence of
 * this video (voiced and sized like the render), the strip lets the creator swap any shot for
 * another candidate or a file of their own, and Add to queue renders the plan as it stands.
 * Changing an option after planning makes the plan stale: the card says so and plans again.
 */
export function ShotsCard({ spec, plan, onPlan }: { spec: JobSpecInput | string; plan: PlannedShots | null; onPlan: (p: PlannedShots | null) => void }) {
  const specKey = typeof spec === 'string' ? null : JSON.stringify(spec);
  const current = plan !== null && plan.specKey === specKey;

  const make = useAction(async () => {
    if (typeof spec === 'string') throw new Error(spec);
    onPlan({ plan: await getApi().invoke('shots.plan', { spec }), specKey: JSON.stringify(spec) });
  });
  const change = useAction(async (index: number, choice: { candidateId?: string; file?: File }) => {
    if (!plan) return;
    const path = choice.file ? await pathOfPickedFile(choice.file) : undefined;
    const next = await getApi().invoke('shots.choose', { planId: plan.plan.planId, index, ...(choice.candidateId ? { candidateId: choice.candidateId } : {}), ...(path ? { path } : {}) });
    onPlan({ plan: next, specKey: plan.specKey });
  });

  return (
    <section className="card shots-card" aria-labelledby="shots-card-title" data-testid="shots-card">
      <div className="preview-head">
        <h2 id="shots-card-title" className="preview-title">
          Shots
        </h2>
        <button type="button" className="button small" disabled={make.pending} onClick={() => void make.run()}>
          {make.pending ? 'Planning…' : plan ? 'Plan again' : 'Plan the shots'}
        </button>
      </div>
      {plan && current ? (
        <>
          <ShotStrip
            shots={plan.plan.shots}
            busy={change.pending}
            onChoose={(index, candidateId) => void change.run(index, { candidateId })}
            onPickFile={(index, file) => void change.run(index, { file })}
          />
          {plan.plan.warnings.map((w) => (
            <p key={w} className="small muted">
              {w}
            </p>
          ))}
          <p className="muted small">Add to queue renders these shots as they stand.</p>
        </>
      ) : (
        <p className="muted small">
          {plan ? 'The options changed since this plan: plan again to see the shots, or add to the queue to let the planner choose.' : 'A picture per sentence is chosen when the video renders. Plan the shots to see them now and swap any of them.'}
        </p>
      )}
      <InlineError message={make.error ?? change.error} />
    </section>
  );
}
