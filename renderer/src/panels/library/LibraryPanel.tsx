import { useCallback, useEffect, useState } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { formatClock } from '../../lib/format';
import { useApp } from '../../store/store';
import type { LibraryItem } from '../../types/contract';
import { FootageView } from './FootageView';
import { Player } from './Player';
import './library.css';
import { sortLibrary } from './libraryRules';

/** Finished videos: a grid of thumbnails; choosing one plays it here, with reveal and re-render. */
export function LibraryPanel() {
  // Two views of the library: the videos made, and the footage they are made from (#11).
  const [view, setView] = useState<'videos' | 'footage'>('videos');
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Reload when the number of finished jobs changes, so new videos appear without a refresh.
  const doneCount = useApp((s) => s.jobs.order.reduce((n, id) => n + (s.jobs.byId[id]?.status === 'done' ? 1 : 0), 0));

  const load = useAction(async () => {
    setItems(sortLibrary(await getApi().invoke('library.list', {})));
  });
  const reload = load.run;
  useEffect(() => {
    void reload();
  }, [reload, doneCount]);

  const selected = items?.find((i) => i.jobId === selectedId) ?? null;
  const close = useCallback(() => setSelectedId(null), []);

  return (
    <div className="panel library-panel">
      <header className="panel-header">
        <h1>Library</h1>
        <p className="panel-subtitle">{view === 'footage' ? 'Your clips and pictures' : items ? `${items.length} finished video${items.length === 1 ? '' : 's'}` : 'Finished videos'}</p>
        <div className="view-switch header-action" role="group" aria-label="Library view">
          <button type="button" className="button ghost small" aria-pressed={view === 'videos'} onClick={() => setView('videos')}>Videos</button>
          <button type="button" className="button ghost small" aria-pressed={view === 'footage'} onClick={() => setView('footage')}>Footage</button>
        </div>
        {view === 'videos' ? (
          <button type="button" className="button ghost" disabled={load.pending} onClick={() => void reload()}>
            Refresh
          </button>
        ) : null}
      </header>
      {view === 'footage' ? <FootageView /> : null}
      {view === 'videos' ? (
        <>
          <InlineError message={load.error} />
          {/* Keyed by job: choosing another video starts its player and re-render form afresh. */}
          {selected ? <Player key={selected.jobId} item={selected} onClose={close} /> : null}
          {items && items.length === 0 ? (
            <div className="empty-state">
              <h2>No finished videos yet</h2>
              <p>Videos appear here as soon as they finish rendering. Add topics in Queue or Create to make some.</p>
            </div>
          ) : null}
          {items && items.length > 0 ? (
            <ul className="library-grid" aria-label="Finished videos">
              {items.map((item) => (
                <li key={item.jobId} className="library-item" data-testid="library-item" data-selected={item.jobId === selectedId || undefined}>
                  <button type="button" className="library-card" aria-label={`Play ${item.title}`} aria-pressed={item.jobId === selectedId} onClick={() => setSelectedId(item.jobId)}>
                    <img src={item.thumbnailUrl} alt="" loading="lazy" decoding="async" />
                    <span className="library-duration">{formatClock(item.durationSec)}</span>
                  </button>
                  <span className="library-title" title={item.title}>
                    {item.title}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
