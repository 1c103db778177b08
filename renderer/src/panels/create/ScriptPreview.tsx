import { Gauge } from '../../components/Gauge';
import type { CreatePreview } from '../../types/contract';

/** The script as it will be spoken, with the background ideas and the virality score. */
export function ScriptPreview({ preview }: { preview: CreatePreview }) {
  const { script, ideas, virality, provider } = preview;
  return (
    <div className="script-preview" data-testid="script-preview">
      <div className="card">
        <div className="preview-head">
          <h2 className="preview-title">{script.title}</h2>
          <span className="tag" title="Who wrote this script">
            {script.offlineDraft ? 'Offline draft' : provider}
          </span>
        </div>
        <p className="hook" data-testid="script-hook">
          {script.hook}
        </p>
        <ol className="script-lines" data-testid="script-lines">
          {script.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
        <p className="hashtags" data-testid="script-hashtags">
          {script.hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`)).join(' ')}
        </p>
      </div>
      <div className="preview-side">
        <div className="card virality" data-testid="virality">
          <h3>Virality</h3>
          <Gauge value={virality.score} label="Virality score" testId="virality-score" />
          <ul className="reasons">
            {virality.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
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
