import { useCallback } from 'react';
import { getApi } from '../../api/getApi';
import { errorMessage } from '../../api/errors';
import { BarRows } from '../../components/BarRows';
import { usePolling, useNow } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { LineChart } from '../../components/LineChart';
import { formatEta, formatPercent } from '../../lib/format';
import { actions, useApp } from '../../store/store';
import { elapsedMs, stageRows, throughputSeries } from './perfView';
import './performance.css';

/** Where the time goes: what runs now, how long each stage takes, how fast videos come out. */
export function PerformancePanel() {
  const perf = useApp((s) => s.perf);
  const history = useApp((s) => s.perfHistory);
  const error = useApp((s) => s.perfError);
  const now = useNow(1000);

  // Poll once a second while this panel is on screen and the window visible; events fill the gaps.
  const poll = useCallback(() => {
    getApi()
      .invoke('perf.snapshot', {})
      .then(
        (snap) => actions().applyPerf(snap),
        (e: unknown) => actions().setPerfError(errorMessage(e)),
      );
  }, []);
  usePolling(poll, 1000);

  const series = throughputSeries(perf, history);
  const latestRate = series[series.length - 1]?.value ?? 0;

  return (
    <div className="panel performance-panel">
      <header className="panel-header">
        <h1>Performance</h1>
        <p className="panel-subtitle">Live: refreshed every second while this panel is open.</p>
      </header>
      <InlineError message={error} />
      {perf ? (
        <div className="perf-grid">
          <section className="card" aria-labelledby="pool-title">
            <h2 id="pool-title">Worker pool</h2>
            {/* The gauge and the number are the same figure: workers busy right now. */}
            <div className="pool-line">
              <meter className="pool-meter" min={0} max={perf.pool.size} value={perf.pool.busy} aria-label="Workers busy now" data-testid="pool-busy">
                {perf.pool.busy} of {perf.pool.size}
              </meter>
              <span className="stat-big" data-testid="pool-busy-text">
                {perf.pool.busy} of {perf.pool.size} busy
              </span>
            </div>
            <p className="muted" data-testid="pool-utilisation">
              Average over the last 60 s: {formatPercent(perf.pool.utilisation)} of worker time in use
            </p>
          </section>
          <section className="card" aria-labelledby="throughput-title">
            <div className="size-line">
              <h2 id="throughput-title">Throughput</h2>
              <span>{latestRate.toFixed(1)} videos/min</span>
            </div>
            <p className="muted small">Videos finished per minute, counted over the trailing 60 s (cache hits count too), sampled while videos finish.</p>
            <LineChart samples={series} label="Throughput" unit="videos/min" testId="throughput-chart" />
          </section>
          <section className="card span-2" aria-labelledby="stages-title">
            <div className="size-line">
              <h2 id="stages-title">Stage timings</h2>
              <span className="muted small">wall time per stage, last 1,000 runs of each, since Reelforge started</span>
              <span className="legend">
                <span className="swatch swatch-accent" aria-hidden="true" /> p50 <span className="swatch swatch-violet" aria-hidden="true" /> p95
              </span>
            </div>
            {perf.stages.length > 0 ? <BarRows rows={stageRows(perf.stages)} label="Stage timings, p50 and p95" testId="stage-timings" /> : <p className="muted" data-testid="stage-timings">No stages have run yet.</p>}
          </section>
          <section className="card span-2" aria-labelledby="active-title">
            <h2 id="active-title">Active operations ({perf.active.length})</h2>
            <p className="muted small">What runs now, with the video it belongs to and how long it has been running.</p>
            {perf.active.length > 0 ? (
              <ul className="active-list" data-testid="active-operations">
                {[...perf.active]
                  .sort((a, b) => a.startedAt - b.startedAt)
                  .map((op) => (
                    <li key={op.id} className="active-op">
                      <span className="op-name">{op.name.replace(/^stage:/, '')}</span>
                      <span className="op-detail" title={op.detail}>
                        {op.detail ?? ''}
                      </span>
                      <span className="op-time">{formatEta(elapsedMs(op.startedAt, now) / 1000)}</span>
                    </li>
                  ))}
              </ul>
            ) : (
              <p className="muted" data-testid="active-operations">
                Idle — nothing is running.
              </p>
            )}
          </section>
        </div>
      ) : !error ? (
        <p className="loading">Measuring…</p>
      ) : null}
    </div>
  );
}
