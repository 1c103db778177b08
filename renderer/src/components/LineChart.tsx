import { areaPath, linePath, niceMax, seriesPoints, ticks, timeTicks } from '../lib/chartScale';

const W = 640;
const H = 180;
const PAD = { left: 40, right: 12, top: 12, bottom: 22 };

/** A single time series as an SVG line with a soft fill, y gridlines and a summary label. */
export function LineChart(props: { samples: { at: number; value: number }[]; label: string; unit: string; testId?: string; formatValue?: (v: number) => string }) {
  const fmt = props.formatValue ?? ((v: number) => String(Math.round(v * 100) / 100));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const yMax = niceMax(Math.max(0, ...props.samples.map((s) => s.value)));
  const points = seriesPoints(props.samples, { width: innerW, height: innerH }, yMax);
  const latest = props.samples[props.samples.length - 1];
  const summary = latest ? `${props.label}: ${fmt(latest.value)} ${props.unit} now` : `${props.label}: no data yet`;
  const spanMs = props.samples.length > 1 ? props.samples[props.samples.length - 1]!.at - props.samples[0]!.at : 0;

  return (
    <svg className="line-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid={props.testId}>
      <g transform={`translate(${PAD.left} ${PAD.top})`}>
        {ticks(yMax, 4).map((t) => {
          const y = innerH - (t / yMax) * innerH;
          return (
            <g key={t}>
              <line className="grid" x1="0" x2={innerW} y1={y} y2={y} />
              <text className="axis" x="-6" y={y + 4} textAnchor="end">
                {fmt(t)}
              </text>
            </g>
          );
        })}
        {points.length > 1 ? (
          <>
            <path className="line-area" d={areaPath(points, innerH)} />
            <path className="line-path" d={linePath(points)} />
          </>
        ) : null}
        {points.length > 0 ? <circle className="line-dot" cx={points[points.length - 1]!.x} cy={points[points.length - 1]!.y} r="3.5" /> : null}
        {points.length === 0 ? (
          <text className="axis" x={innerW / 2} y={innerH / 2} textAnchor="middle">
            Waiting for samples…
          </text>
        ) : null}
        {timeTicks(spanMs).map((t) => {
          const x = innerW * (1 - t.agoMs / spanMs);
          return (
            <g key={t.agoMs}>
              <line className="grid" x1={x} x2={x} y1={0} y2={innerH} />
              <text className="axis" x={x} y={innerH + 16} textAnchor="middle">
                {t.label}
              </text>
            </g>
          );
        })}
        <text className="axis" x={innerW} y={innerH + 16} textAnchor="end">
          now
        </text>
      </g>
    </svg>
  );
}
