import { gaugeArc } from '../lib/chartScale';

/** A half-circle gauge with meter semantics (e.g. the virality score 0–100). */
export function Gauge({ value, max = 100, label, testId }: { value: number; max?: number; label: string; testId?: string }) {
  const fraction = max > 0 ? value / max : 0;
  const tone = fraction >= 0.7 ? 'ok' : fraction >= 0.4 ? 'warn' : 'danger';
  return (
    <div className="gauge" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.round(value)} data-testid={testId} data-tone={tone}>
      <svg viewBox="0 0 120 68" aria-hidden="true" focusable="false">
        <path className="gauge-track" d={gaugeArc(1, 60, 62, 50)} />
        <path className="gauge-fill" d={gaugeArc(fraction, 60, 62, 50)} />
      </svg>
      <span className="gauge-value">{Math.round(value)}</span>
    </div>
  );
}
