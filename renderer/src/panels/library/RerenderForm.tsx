import { useState, type FormEvent } from 'react';
import { PresetOptions } from '../../components/PresetOptions';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { VoiceSelect } from '../../components/VoiceSelect';
import { useLooks } from '../../components/useLooks';
import { actions } from '../../store/store';
import type { LibraryItem } from '../../types/contract';
import { rerenderChanges, type RerenderFields } from './libraryRules';

/**
 * Re-render a finished video with a different voice, format, caption style, quality or topic;
 * unchanged stages come from the cache. The new video gets its own row on top of the Queue,
 * labelled with what changed.
 */
export function RerenderForm({ item }: { item: LibraryItem }) {
  const styles = useLooks().looks?.captionStyles ?? [];
  // Caption style and quality are not in older manifests: '' means "as it was".
  const original: RerenderFields = { voice: item.manifest?.voice ?? '', preset: item.manifest?.preset ?? 'shorts', topic: item.manifest?.topic ?? '', captionStyle: '', quality: '' };
  const [next, setNext] = useState<RerenderFields>(original);
  const changes = rerenderChanges(original, next);
  const changed = Object.keys(changes).length > 0;
  const set = (patch: Partial<RerenderFields>) => setNext((n) => ({ ...n, ...patch }));

  const rerender = useAction(async () => {
    await getApi().invoke('job.rerender', { jobId: item.jobId, changes });
    actions().pushToast('success', `Re-rendering "${item.title}".`, { label: 'Show in Queue', run: () => actions().setActivePanel('Queue') });
  });

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (changed) void rerender.run();
  }

  return (
    <form className="rerender" onSubmit={onSubmit} aria-labelledby={`rerender-${item.jobId}`}>
      <h3 id={`rerender-${item.jobId}`}>Re-render with changes</h3>
      <div className="field-row">
        <div className="field">
          <span aria-hidden="true">Voice</span>
          <VoiceSelect value={next.voice} onChange={(voice) => set({ voice })} unknownLabel="Default voice" />
        </div>
        <label className="field">
          <span>Format</span>
          <select value={next.preset} onChange={(e) => set({ preset: e.currentTarget.value })}>
            <PresetOptions />
          </select>
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span>Caption style</span>
          <select value={next.captionStyle} onChange={(e) => set({ captionStyle: e.currentTarget.value })}>
            <option value="">As it was</option>
            {styles.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Quality</span>
          <select value={next.quality} onChange={(e) => set({ quality: e.currentTarget.value })}>
            <option value="">As it was</option>
            <option value="final">Final</option>
            <option value="draft">Draft (fast check)</option>
          </select>
        </label>
      </div>
      {original.topic ? (
        <label className="field">
          <span>Topic</span>
          <input type="text" value={next.topic} maxLength={500} onChange={(e) => set({ topic: e.currentTarget.value })} />
        </label>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={!changed || rerender.pending}>
          Re-render
        </button>
      </div>
      <InlineError message={rerender.error} />
    </form>
  );
}
