import { useState, type FormEvent } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { VoiceSelect } from '../../components/VoiceSelect';
import { PRESETS } from '../../lib/presets';
import { actions } from '../../store/store';
import type { LibraryItem } from '../../types/contract';
import { rerenderChanges } from './libraryRules';

/** Re-render a finished video with a different voice, preset or topic; unchanged stages come from the cache. */
export function RerenderForm({ item }: { item: LibraryItem }) {
  const original = { voice: item.manifest?.voice ?? '', preset: item.manifest?.preset ?? 'shorts', topic: item.manifest?.topic ?? '' };
  const [voice, setVoice] = useState(original.voice);
  const [preset, setPreset] = useState<string>(original.preset);
  const [topic, setTopic] = useState(original.topic);
  const changes = rerenderChanges(original, { voice, preset, topic });
  const changed = Object.keys(changes).length > 0;

  const rerender = useAction(async () => {
    await getApi().invoke('job.rerender', { jobId: item.jobId, changes });
    actions().pushToast('success', `Re-rendering "${item.title}" — follow it in Queue.`);
  });

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (changed) void rerender.run();
  }

  return (
    <form className="rerender" onSubmit={onSubmit} aria-labelledby={`rerender-${item.jobId}`}>
      <h3 id={`rerender-${item.jobId}`}>Re-render with changes</h3>
      <label className="field">
        <span>Voice</span>
        <VoiceSelect value={voice} onChange={setVoice} unknownLabel="Default voice" />
      </label>
      <label className="field">
        <span>Preset</span>
        <select value={preset} onChange={(e) => setPreset(e.currentTarget.value)}>
          {PRESETS.map((p) => (
            <option key={p.name} value={p.name}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Topic</span>
        <input type="text" value={topic} maxLength={500} onChange={(e) => setTopic(e.currentTarget.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={!changed || rerender.pending}>
          Re-render
        </button>
      </div>
      <InlineError message={rerender.error} />
    </form>
  );
}
