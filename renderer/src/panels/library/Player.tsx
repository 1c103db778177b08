import { useEffect, useRef } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { Icon } from '../../components/Icon';
import { InlineError } from '../../components/InlineError';
import { formatClock, formatUsd } from '../../lib/format';
import type { LibraryItem } from '../../types/contract';
import { RerenderForm } from './RerenderForm';

/** Plays one finished video in the app, with its facts, reveal, and the re-render form. */
export function Player({ item, onClose }: { item: LibraryItem; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const reveal = useAction(() => getApi().invoke('job.reveal', { jobId: item.jobId }));
  const m = item.manifest;

  // Move focus to the player when a video is chosen, so keyboard users land on it.
  useEffect(() => heading.current?.focus(), [item.jobId]);

  return (
    <section className="player card" aria-labelledby="player-title" data-testid="library-player">
      <video ref={video} key={item.videoUrl} className="player-video" src={item.videoUrl} poster={item.thumbnailUrl} controls autoPlay playsInline preload="metadata" />
      <div className="player-side">
        <div className="player-head">
          <h2 id="player-title" ref={heading} tabIndex={-1}>
            {item.title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close player" onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        <dl className="facts">
          <dt>Length</dt>
          <dd>{formatClock(item.durationSec)}</dd>
          <dt>Made</dt>
          <dd>{new Date(item.createdAt).toLocaleString()}</dd>
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
          <button type="button" className="button" disabled={reveal.pending} onClick={() => void reveal.run()}>
            <Icon name="folder" size={16} /> Reveal in folder
          </button>
        </div>
        <InlineError message={reveal.error} />
        <RerenderForm item={item} />
      </div>
    </section>
  );
}
