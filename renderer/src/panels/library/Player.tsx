import { useEffect, useRef, useState } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { Icon } from '../../components/Icon';
import { InlineError } from '../../components/InlineError';
import { downloadUrl } from '../../lib/downloads';
import { formatClock, formatUsd } from '../../lib/format';
import { actions, useApp } from '../../store/store';
import type { LibraryItem } from '../../types/contract';
import { postText, rerenderNote } from './libraryRules';
import { RerenderForm } from './RerenderForm';

/**
 * Plays one finished video in the app, with its facts and what a creator does next: download
 * it (browser host) or open/reveal it (desktop), copy the post text, delete it, re-render it.
 * Escape closes it (unless a dialog is open: Escape is the dialog's first).
 */
export function Player({ item, onClose, onDelete, deleting }: { item: LibraryItem; onClose: () => void; onDelete: () => void; deleting: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const host = useApp((s) => s.appInfo?.host ?? 'electron');
  const open = useAction(() => getApi().invoke('job.open', { jobId: item.jobId }));
  const reveal = useAction(() => getApi().invoke('job.reveal', { jobId: item.jobId }));
  const [copyFallback, setCopyFallback] = useState<string | null>(null);
  const m = item.manifest;
  const note = rerenderNote(item);

  // Move focus to the player when a video is chosen, so keyboard users land on it.
  useEffect(() => heading.current?.focus(), [item.jobId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function copyPost(): Promise<void> {
    const text = postText(item);
    try {
      await navigator.clipboard.writeText(text);
      setCopyFallback(null);
      actions().pushToast('success', 'Post text copied: title, hashtags and credits.');
    } catch {
      // No clipboard permission (an embedded browser): show the text to copy by hand.
      setCopyFallback(text);
    }
  }

  return (
    <section className="player card" aria-labelledby="player-title" data-testid="library-player">
      <video key={item.videoUrl} className="player-video" src={item.videoUrl} poster={item.thumbnailUrl} controls autoPlay playsInline preload="metadata" />
      <div className="player-side">
        <div className="player-head">
          <h2 id="player-title" ref={heading} tabIndex={-1}>
            {item.title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close player" title="Close (Esc)" onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        {note ? <p className="muted small">{note}</p> : null}
        <dl className="facts">
          <dt>Length</dt>
          <dd>{formatClock(item.durationSec)}</dd>
          <dt>Made</dt>
          <dd>{new Date(item.createdAt).toLocaleString()}</dd>
          <dt>Batch</dt>
          <dd>{item.batchLabel || '—'}</dd>
          {m ? (
            <>
              <dt>Voice</dt>
              <dd>{m.voice}</dd>
              <dt>Preset</dt>
              <dd>
                {m.preset} · {m.width}×{m.height}
              </dd>
              <dt>Cost</dt>
              <dd>
                {formatUsd(m.costUsd)} {m.costSavedUsd > 0 ? `(saved ${formatUsd(m.costSavedUsd)})` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        <div className="form-actions">
          {host === 'web' ? (
            <a className="button primary" href={downloadUrl(item.videoUrl)} download data-testid="download-video">
              Download
            </a>
          ) : (
            <>
              <button type="button" className="button primary" disabled={open.pending} onClick={() => void open.run()}>
                Open
              </button>
              <button type="button" className="button" disabled={reveal.pending} onClick={() => void reveal.run()}>
                <Icon name="folder" size={16} /> Reveal in folder
              </button>
            </>
          )}
          <button type="button" className="button" onClick={() => void copyPost()}>
            Copy post text
          </button>
          <button type="button" className="button danger" disabled={deleting} onClick={onDelete}>
            Delete
          </button>
        </div>
        {copyFallback !== null ? (
          <label className="field">
            <span>Post text (copy it from here)</span>
            <textarea readOnly rows={5} value={copyFallback} onFocus={(e) => e.currentTarget.select()} />
          </label>
        ) : null}
        <InlineError message={open.error ?? reveal.error} />
        <RerenderForm item={item} />
      </div>
    </section>
  );
}
