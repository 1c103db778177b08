import { useCallback, useEffect, useMemo, useState } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { formatClock } from '../../lib/format';
import { actions, useApp } from '../../store/store';
import type { LibraryItem } from '../../types/contract';
import { FootageView } from './FootageView';
import { Player } from './Player';
import './library.css';
import { batchesOf, DATE_RANGES, filterLibrary, rerenderNote, sortLibrary, type LibraryFilter } from './libraryRules';

/**
 * Finished videos to post from: a filterable grid of thumbnails; choosing one plays it here,
 * with download or open/reveal, post text, delete (with undo) and re-render.
 */
export function LibraryPanel() {
  // Two views of the library: the videos made, and the footage they are made from (#11).
  const [view, setView] = useState<'videos' | 'footage'>('videos');
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [filter, setFilter] = useState<LibraryFilter>({ query: '', batchId: '', range: 'any' });
  const focus = useApp((s) => s.libraryFocus);
  // Reload when the number of finished jobs changes, so new videos appear without a refresh.
  const doneCount = useApp((s) => s.jobs.order.reduce((n, id) => n + (s.jobs.byId[id]?.status === 'done' ? 1 : 0), 0));

  const load = useAction(async () => {
    setItems(sortLibrary(await getApi().invoke('library.list', {})));
  });
  const reload = load.run;
  useEffect(() => {
    void reload();
  }, [reload, doneCount]);

  // "Show in Library" from a Queue row: open that video once the list has it.
  useEffect(() => {
    if (focus === null || items === null) return;
    if (items.some((i) => i.jobId === focus)) {
      setView('videos');
      setSelectedId(focus);
    }
    else actions().pushToast('info', 'That video is not in the Library any more.');
    actions().clearLibraryFocus();
  }, [focus, items]);

  const shown = useMemo(() => (items ? filterLibrary(items, filter, Date.now()) : []), [items, filter]);
  const batches = useMemo(() => (items ? batchesOf(items) : []), [items]);
  const selected = items?.find((i) => i.jobId === selectedId) ?? null;
  const close = useCallback(() => setSelectedId(null), []);

  const remove = useAction(async (item: LibraryItem) => {
    const { undoMs } = await getApi().invoke('library.delete', { jobId: item.jobId });
    setSelectedId(null);
    setItems((list) => list?.filter((i) => i.jobId !== item.jobId) ?? null);
    actions().pushToast('info', `Deleted "${item.title}".`, {
      label: 'Undo',
      ms: undoMs,
      run: () => {
        void getApi()
          .invoke('library.restore', { jobId: item.jobId })
          .then(
            () => reload(),
            (e: unknown) => actions().pushToast('error', e instanceof Error ? e.message : String(e)),
          );
      },
    });
  });

  const narrowed = filter.query.trim() !== '' || filter.batchId !== '' || filter.range !== 'any';

  return (
    <div className="panel library-panel">
      <header className="panel-header">
        <h1>Library</h1>
        <p className="panel-subtitle">
          {view === 'footage'
            ? 'Your clips and pictures'
            : items
              ? narrowed
                ? `${shown.length} of ${items.length} finished videos`
                : `${items.length} finished video${items.length === 1 ? '' : 's'}`
              : 'Finished videos'}
        </p>
        <div className="view-switch header-action" role="group" aria-label="Library view">
          <button type="button" className="button ghost small" aria-pressed={view === 'videos'} onClick={() => setView('videos')}>
            Videos
          </button>
          <button type="button" className="button ghost small" aria-pressed={view === 'footage'} onClick={() => setView('footage')}>
            Footage
          </button>
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
          <InlineError message={load.error ?? remove.error} />
          {/* Keyed by job: choosing another video starts its player and re-render form afresh. */}
          {selected ? <Player key={selected.jobId} item={selected} onClose={close} onDelete={() => void remove.run(selected)} deleting={remove.pending} /> : null}
          {items && items.length > 0 ? (
            <div className="library-filters" role="search" aria-label="Filter the Library">
              <input
                type="search"
                value={filter.query}
                placeholder="Search titles, hooks and hashtags"
                aria-label="Search the Library"
                maxLength={200}
                onChange={(e) => setFilter({ ...filter, query: e.currentTarget.value })}
              />
              <label className="field inline">
                <span>Batch</span>
                <select value={filter.batchId} onChange={(e) => setFilter({ ...filter, batchId: e.currentTarget.value })}>
                  <option value="">All batches</option>
                  {batches.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.label.length > 40 ? `${b.label.slice(0, 39)}…` : b.label} ({b.count})
                    </option>
                  ))}
                </select>
              </label>
              <label className="field inline">
                <span>Made</span>
                <select value={filter.range} onChange={(e) => setFilter({ ...filter, range: e.currentTarget.value as LibraryFilter['range'] })}>
                  {DATE_RANGES.map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          ) : null}
          {items && items.length === 0 ? (
            <div className="empty-state">
              <h2>No finished videos yet</h2>
              <p>Videos appear here as soon as they finish rendering. Add topics in Queue or Create to make some.</p>
            </div>
          ) : null}
          {items && items.length > 0 && shown.length === 0 ? <p className="muted">No finished videos match these filters.</p> : null}
          {shown.length > 0 ? (
            <ul className="library-grid" aria-label="Finished videos">
              {shown.map((item) => {
                const note = rerenderNote(item);
                return (
                  <li key={item.jobId} className="library-item" data-testid="library-item" data-job-id={item.jobId} data-selected={item.jobId === selectedId || undefined}>
                    <button type="button" className="library-card" aria-label={`Play ${item.title}${note ? ` (${note})` : ''}`} aria-pressed={item.jobId === selectedId} onClick={() => setSelectedId(item.jobId)}>
                      <img src={item.thumbnailUrl} alt="" loading="lazy" decoding="async" />
                      <span className="library-duration">{formatClock(item.durationSec)}</span>
                    </button>
                    <span className="library-title" title={item.title}>
                      {item.title}
                    </span>
                    {note ? (
                      <span className="library-note" title={note}>
                        {note}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
