import { useState } from 'react';
import { pathOfPickedFile } from '../../api/filePath';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { ShotStrip } from '../../components/ShotStrip';
import { actions } from '../../store/store';
import type { ShotPlanView } from '../../types/contract';

/**
 * "Which shots would this script get?": a script in, the shot plan out as a strip, each shot
 * changeable, then rendered as it stands. The same channels the Create panel uses.
 */
export function ShotPlanner() {
  const [script, setScript] = useState('');
  const [plan, setPlan] = useState<ShotPlanView | null>(null);

  const makePlan = useAction(async () => {
    if (script.trim() === '') throw new Error('Write a sentence or two first.');
    setPlan(await getApi().invoke('shots.plan', { spec: { script: script.trim() } }));
  });
  const change = useAction(async (index: number, choice: { candidateId?: string; file?: File }) => {
    if (!plan) return;
    const path = choice.file ? await pathOfPickedFile(choice.file) : undefined;
    setPlan(await getApi().invoke('shots.choose', { planId: plan.planId, index, ...(choice.candidateId ? { candidateId: choice.candidateId } : {}), ...(path ? { path } : {}) }));
  });
  const render = useAction(async () => {
    if (!plan) return;
    await getApi().invoke('shots.render', { planId: plan.planId });
    actions().pushToast('success', `"${plan.title}" is rendering: see Queue.`);
  });

  return (
    <section className="shot-planner card" aria-label="Try a script">
      <h3>Which shots would a script get?</h3>
      <label className="field">
        <span>Script</span>
        <textarea rows={3} value={script} placeholder="My dog waits by the door every morning. Then we head down to the ocean." onChange={(e) => setScript(e.currentTarget.value)} />
      </label>
      <div className="form-actions">
        <button type="button" className="button" disabled={makePlan.pending} onClick={() => void makePlan.run()}>
          {makePlan.pending ? 'Planning…' : 'Plan shots'}
        </button>
        {plan ? (
          <button type="button" className="button primary" disabled={render.pending || change.pending} onClick={() => void render.run()}>
            Render this plan
          </button>
        ) : null}
      </div>
      <InlineError message={makePlan.error ?? change.error ?? render.error} />
      {plan ? (
        <>
          <ShotStrip
            shots={plan.shots}
            busy={change.pending}
            onChoose={(index, candidateId) => void change.run(index, { candidateId })}
            onPickFile={(index, file) => void change.run(index, { file })}
          />
          {plan.warnings.map((w) => <p key={w} className="small muted">{w}</p>)}
        </>
      ) : null}
    </section>
  );
}
