import { useEffect, useState } from 'react';
import { getApi } from '../../api/getApi';
import { BarRows } from '../../components/BarRows';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { ProgressBar } from '../../components/ProgressBar';
import { formatAge, formatBytes, formatCount, formatDuration, formatPercent, formatUsd } from '../../lib/format';
import { actions, useApp } from '../../store/store';
import { capUsage, typeRows } from './cacheView';
import './cache.css';

/**
 * The cache at a glance: how full it is, how often it answers, and what it saved. Live from the
 * `cache` stream; Prune and Clear ask first.
 */
export function CachePanel() {
  const api = getApi();
  const stats = useApp((s) => s.cacheStats);
  const loadError = useApp((s) => s.cacheError);
  const [confirm, setConfirm] = useState<'prune' | 'clear' | null>(null);

  const refresh = useAction(async () => actions().setCacheStats(await api.invoke('cache.stats', {})));
  const prune = useAction(async () => {
    const r = await api.invoke('cache.prune', {});
    actions().pushToast('success', `Pruned ${r.expired} expired and ${r.evicted} least-used entries, freeing ${formatBytes(r.bytesFreed)}.`);
    await refresh.run();
  });
  const clear = useAction(async () => {
    const r = await api.invoke('cache.clear', {});
    actions().pushToast('success', `Cleared the cache (${formatCount(r.removed)} entries).`);
    await refresh.run();
  });

  // Fresh numbers on open; the `cache` stream keeps them live afterwards.
  const reload = refresh.run;
  useEffect(() => {
    void reload();
  }, [reload]);

  const usage = stats ? capUsage(stats) : null;
  const now = Date.now();

  return (
    <div className="panel cache-panel">
      <header className="panel-header">
        <h1>Cache</h1>
        <p className="panel-subtitle">Finished stages are reused, so nothing is paid for or rendered twice.</p>
        <div className="header-action button-group">
          <button type="button" className="button" disabled={!stats || prune.pending} onClick={() => setConfirm('prune')}>
            Prune
          </button>
          <button type="button" className="button danger" disabled={!stats || clear.pending} onClick={() => setConfirm('clear')}>
            Clear
          </button>
        </div>
      </header>
      <InlineError message={loadError ?? refresh.error ?? prune.error ?? clear.error} />
      {stats && usage ? (
        <>
          <div className="stat-grid">
            <div className="card stat">
              <span className="stat-label">Hit rate</span>
              <span className="stat-big" data-testid="cache-hit-rate">
                {formatPercent(stats.hitRate)}
              </span>
              <span className="stat-note">
                {formatCount(stats.totalHits)} hits · {formatCount(stats.misses)} misses, since the cache was created. A first render is always a miss; repeats and changes hit.
              </span>
            </div>
            <div className="card stat">
              <span className="stat-label">Entries</span>
              <span className="stat-big" data-testid="cache-entries">
                {formatCount(stats.entries)}
              </span>
              <span className="stat-note">{stats.oldestEntry ? `oldest ${formatAge(stats.oldestEntry, now)}` : 'empty'}</span>
            </div>
            <div className="card stat">
              <span className="stat-label">Time saved</span>
              <span className="stat-big" data-testid="cache-time-saved">
                {formatDuration(stats.timeSavedMs)}
              </span>
              <span className="stat-note">of computing skipped by hits, since the cache was created</span>
            </div>
            <div className="card stat">
              <span className="stat-label">Cost saved</span>
              <span className="stat-big" data-testid="cache-cost-saved">
                {formatUsd(stats.costSaved)}
              </span>
              <span className="stat-note">in AI calls not repeated (estimated, USD), since the cache was created</span>
            </div>
          </div>
          <div className="card">
            <div className="size-line">
              <h2>Size</h2>
              <span data-testid="cache-size">
                {formatBytes(stats.totalSize)} of {formatBytes(stats.maxSize)} ({formatPercent(usage.fraction)})
              </span>
            </div>
            <ProgressBar value={usage.fraction} label="Cache size against the cap" tone={usage.tone} />
            <p className="muted small">Past the cap, the least recently used entries are evicted down to 90 %.</p>
          </div>
          <div className="chart-grid">
            <div className="card">
              <h2>Entries by type</h2>
              <p className="muted small">Entries now in the cache, and how often each type was reused.</p>
              {Object.keys(stats.byType).length > 0 ? <BarRows rows={typeRows(stats, 'entries')} label="Entries by type" testId="cache-type-entries" /> : <p className="muted">No entries yet.</p>}
            </div>
            <div className="card">
              <h2>Bytes by type</h2>
              <p className="muted small">Disk space each type takes now.</p>
              {Object.keys(stats.byType).length > 0 ? <BarRows rows={typeRows(stats, 'size')} label="Bytes by type" testId="cache-type-bytes" /> : <p className="muted">No entries yet.</p>}
            </div>
          </div>
        </>
      ) : !loadError ? (
        <p className="loading">Loading cache statistics…</p>
      ) : null}
      <ConfirmDialog
        open={confirm === 'prune'}
        title="Prune the cache?"
        confirmLabel="Confirm"
        onConfirm={() => void prune.run()}
        onClose={() => setConfirm(null)}
      >
        <p>Removes expired entries and, if the cache is over its cap, the least recently used ones. Entries in use by running videos are kept.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'clear'}
        title="Clear the whole cache?"
        confirmLabel="Confirm"
        danger
        onConfirm={() => void clear.run()}
        onClose={() => setConfirm(null)}
      >
        <p>Every cached script, voice, caption and render is deleted{stats ? ` (${formatBytes(stats.totalSize)})` : ''}. Your finished videos stay; new videos will compute (and pay for) every stage again.</p>
      </ConfirmDialog>
    </div>
  );
}
