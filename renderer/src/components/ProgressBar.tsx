import { clamp } from '../lib/chartScale';

/**
 * A determinate bar: ARIA progressbar semantics with an SVG fill, so the width needs no inline
 * style and the CSP can forbid them. `value` is 0..1.
 */
export function ProgressBar({ value, label, tone = 'accent' }: { value: number; label: string; tone?: 'accent' | 'ok' | 'warn' | 'danger' | 'muted' }) {
  const pct = Math.round(clamp(Number.isFinite(value) ? value : 0, 0, 1) * 100);
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${pct}%`} data-tone={tone}>
      <svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect className="progress-track" x="0" y="0" width="100" height="1" />
        <rect className="progress-fill" x="0" y="0" width={pct} height="1" />
      </svg>
    </div>
  );
}
