import { useRef, useState } from 'react';
import type { ShotCandidateView, ShotView } from '../types/contract';
import { cardSize, shotSpan, sourceLabel } from './shotStripRules';
import './shot-strip.css';

export interface ShotStripProps {
  shots: ShotView[];
  /** Put one of the shot's alternatives on it. */
  onChoose: (index: number, candidateId: string) => void;
  /** Put a file the user picked on it (the host turns the File into a path it may read). */
  onPickFile: (index: number, file: File) => void;
  /** While a change is being applied. */
  busy?: boolean;
}

function Picture({ c }: { c: ShotCandidateView }) {
  if (c.thumbnailUrl) return <img src={c.thumbnailUrl} alt="" loading="lazy" decoding="async" />;
  return <div className="shot-swatch" data-kind={c.kind} aria-hidden="true" />;
}

/**
 * The shot plan before rendering: one card per shot, as wide as it is long, with its picture,
 * where it comes from and the line it illustrates. Choosing a card offers the next candidates
 * and a file picker. Self-contained: the plan comes in, choices go out through the callbacks.
 */
export function ShotStrip({ shots, onChoose, onPickFile, busy = false }: ShotStripProps) {
  const [open, setOpen] = useState<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const current = open === null ? null : shots[open] ?? null;

  return (
    <div className="shot-strip stack-3" aria-busy={busy}>
      <ol className="shot-cards" aria-label="Shots">
        {shots.map((s) => (
          <li key={s.index} className="shot-card-item">
            <button
              type="button"
              className="shot-card"
              data-testid="shot-card"
              aria-expanded={open === s.index}
              aria-label={`Shot ${s.index + 1}, ${shotSpan(s)}: ${s.chosen.label} (${sourceLabel(s.chosen)}) for "${s.text}"`}
              data-size={cardSize(s.durationSec)}
              onClick={() => setOpen(open === s.index ? null : s.index)}
            >
              <span className="shot-picture"><Picture c={s.chosen} /></span>
              <span className="shot-meta">
                <span className="shot-source" data-source={s.chosen.source}>{sourceLabel(s.chosen)}</span>
                <span className="shot-time">{shotSpan(s)}</span>
              </span>
              <span className="shot-label" title={s.chosen.reason}>{s.chosen.label}</span>
              <span className="shot-line">{s.text}</span>
            </button>
          </li>
        ))}
      </ol>
      {current ? (
        <div className="shot-options" role="group" aria-label={`Other pictures for shot ${current.index + 1}`}>
          <p className="small muted">“{current.text}” — {current.chosen.reason || 'chosen by the planner'}</p>
          {current.alternatives.length > 0 ? (
            <ul className="shot-alternatives">
              {current.alternatives.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    className="shot-alternative"
                    disabled={busy}
                    title={a.reason}
                    onClick={() => {
                      onChoose(current.index, a.id);
                      setOpen(null);
                    }}
                  >
                    <span className="shot-picture"><Picture c={a} /></span>
                    <span className="shot-label">{a.label}</span>
                    <span className="small muted">{sourceLabel(a)}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="small muted">No other matches for this line.</p>
          )}
          <button type="button" className="button small" disabled={busy} onClick={() => fileInput.current?.click()}>
            Choose a file…
          </button>
          <input
            ref={fileInput}
            className="sr-only"
            type="file"
            tabIndex={-1}
            accept="video/*,image/*"
            aria-label={`File for shot ${current.index + 1}`}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) {
                onPickFile(current.index, file);
                setOpen(null);
              }
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
