import type { ReactNode } from 'react';
import { Gauge } from '../../components/Gauge';
import type { CreatePreview } from '../../types/contract';
import { lengthNote, sameDraft, spokenText, type ScriptDraft } from './createRules';

/**
 * The previewed script, editable: what is in these fields is what gets voiced. The length
 * estimate follows the edits, so a creator trims to the duration they asked for. Ideas and the
 * virality score describe the script as written (they are not re-scored after edits).
 */
export function ScriptEditor({ preview, draft, original, targetSec, onChange, still }: { preview: CreatePreview; draft: ScriptDraft; original: ScriptDraft; targetSec: number; onChange: (d: ScriptDraft) => void; still?: ReactNode }) {
  const { ideas, virality, provider, script } = preview;
  const edited = !sameDraft(draft, original);
  const length = lengthNote(spokenText(draft), targetSec);
  const set = (patch: Partial<ScriptDraft>) => onChange({ ...draft, ...patch });

  return (
    <div className="script-preview" data-testid="script-preview">
      <div className="card script-editor">
        <div className="preview-head">
          <h2 className="preview-title">Script</h2>
          <span className="tag" title="Who wrote this script">
            {script.offlineDraft ? 'Offline draft' : provider}
          </span>
          {edited ? (
            <span className="tag tag-accent" data-testid="script-edited">
              Edited
            </span>
          ) : null}
        </div>
        <label className="field">
          <span>Title</span>
          <input type="text" value={draft.title} maxLength={200} onChange={(e) => set({ title: e.currentTarget.value })} />
        </label>
        <label className="field">
          <span>Hook (the first line, said over the opening)</span>
          <textarea className="hook-input" data-testid="script-hook" rows={2} maxLength={500} value={draft.hook} onChange={(e) => set({ hook: e.currentTarget.value })} />
        </label>
        <label className="field">
          <span>Lines (one per line, spoken in order)</span>
          <textarea data-testid="script-lines" rows={8} maxLength={19_000} value={draft.body} onChange={(e) => set({ body: e.currentTarget.value })} />
        </label>
        <label className="field">
          <span>Hashtags</span>
          <input type="text" data-testid="script-hashtags" value={draft.hashtags} maxLength={600} onChange={(e) => set({ hashtags: e.currentTarget.value })} />
        </label>
        <div className="script-foot">
          <span className="length-note" data-over={length.over || undefined} data-testid="script-length">
            {length.text}
          </span>
          {edited ? (
            <button type="button" className="button ghost small" onClick={() => onChange(original)}>
              Undo my edits
            </button>
          ) : null}
        </div>
      </div>
      <div className="preview-side stack-4">
        {still}
        <div className="card virality" data-testid="virality">
          <h3>Virality</h3>
          <Gauge value={virality.score} label="Virality score" testId="virality-score" />
          <ul className="reasons">
            {virality.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          {edited ? <p className="muted small">Scored before your edits.</p> : null}
        </div>
        <div className="card ideas" data-testid="background-ideas">
          <h3>Background ideas</h3>
          <p className="muted">Mood: {ideas.mood}</p>
          <ul className="tag-list">
            {ideas.searchTerms.map((t) => (
              <li key={t} className="tag">
                {t}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
