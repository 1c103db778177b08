import { barWidth, niceMax } from '../lib/chartScale';

export interface BarSpec {
  value: number;
  /** Colour class suffix, e.g. 'accent' → .bar-accent */
  tone: string;
  /** What the bar is, for the tooltip ("p95"). */
  name: string;
}

export interface BarRow {
  key: string;
  label: string;
  bars: BarSpec[];
  /** Readable value(s) printed after the bars. */
  text: string;
}

const TRACK = 200;
const BAR_H = 8;
const GAP = 3;

/**
 * A horizontal bar chart as a list: each row is a label, an SVG with one bar per series
 * (stacked vertically, sharing one scale) and the values as text. Being a list keeps every
 * number readable by screen readers and findable by tests; the SVG is decoration.
 */
export function BarRows({ rows, label, testId, max }: { rows: BarRow[]; label: string; testId?: string; max?: number }) {
  const scaleMax = max ?? niceMax(Math.max(0, ...rows.flatMap((r) => r.bars.map((b) => b.value))));
  return (
    <ul className="bar-rows stack-2 plain-list" aria-label={label} data-testid={testId}>
      {rows.map((row) => {
        const height = row.bars.length * BAR_H + (row.bars.length - 1) * GAP;
        return (
          <li key={row.key} className="bar-row" data-key={row.key}>
            <span className="bar-label">{row.label}</span>
            <svg className="bar-svg" viewBox={`0 0 ${TRACK} ${height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
              {row.bars.map((bar, i) => (
                <g key={bar.name}>
                  <rect className="bar-track" x="0" y={i * (BAR_H + GAP)} width={TRACK} height={BAR_H} rx="2" />
                  <rect className={`bar bar-${bar.tone}`} x="0" y={i * (BAR_H + GAP)} width={barWidth(bar.value, scaleMax, TRACK)} height={BAR_H} rx="2">
                    <title>{bar.name}</title>
                  </rect>
                </g>
              ))}
            </svg>
            <span className="bar-value">{row.text}</span>
          </li>
        );
      })}
    </ul>
  );
}
