import { useRef, useState, type FormEvent } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { actions, useApp } from '../../store/store';
import type { CreatePreview } from '../../types/contract';
import { ScriptPreview } from './ScriptPreview';
import { VoicePicker } from './VoicePicker';
import './create.css';
import { GENRES, parseDuration } from './createRules';

/**
 * One video, shaped by hand: write a topic, preview the script, hear the voice, check the
 * virality score, then add it to the queue.
 */
export function CreatePanel() {
  const api = getApi();
  const settings = useApp((s) => s.settings);
  const [topic, setTopic] = useState('');
  const [genre, setGenre] = useState('facts');
  const [duration, setDuration] = useState('30');
  const [voice, setVoice] = useState<string | null>(null);
  const [preview, setPreview] = useState<CreatePreview | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const topicRef = useRef<HTMLInputElement>(null);
  const chosenVoice = voice ?? settings?.defaultVoice ?? '';

  function validated(): { topic: string; genre: string; duration: number } | null {
    const t = topic.trim();
    if (t === '') {
      setFieldError('Write a topic first, e.g. "Why octopuses have three hearts".');
      topicRef.current?.focus();
      return null;
    }
    const d = parseDuration(duration);
    if (typeof d === 'string') {
      setFieldError(d);
      return null;
    }
    setFieldError(null);
    return { topic: t, genre: genre.trim() || 'facts', duration: d };
  }

  const previewAction = useAction(async () => {
    const input = validated();
    if (!input) return;
    setPreview(await api.invoke('create.preview', input));
  });

  const addAction = useAction(async () => {
    const input = validated();
    if (!input) return;
    const result = await api.invoke('queue.addJobs', { jobs: [{ ...input, ...(chosenVoice ? { voice: chosenVoice } : {}) }] });
    if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join(' '));
    actions().pushToast('success', `Added "${preview?.script.title ?? input.topic}" to the queue.`);
  });

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void previewAction.run();
  }

  return (
    <div className="panel create-panel">
      <header className="panel-header">
        <h1>Create</h1>
        <p className="panel-subtitle">One video: preview the script, voice and score before it renders.</p>
      </header>
      <div className="create-layout">
        <form className="card create-form" onSubmit={onSubmit} noValidate>
          <label className="field">
            <span>Topic</span>
            <input ref={topicRef} type="text" value={topic} maxLength={500} placeholder="Why octopuses have three hearts" aria-invalid={fieldError !== null && topic.trim() === ''} onChange={(e) => setTopic(e.currentTarget.value)} />
          </label>
          <div className="field-row">
            <label className="field">
              <span>Genre</span>
              <input type="text" list="genre-options" value={genre} maxLength={100} onChange={(e) => setGenre(e.currentTarget.value)} />
              <datalist id="genre-options">
                {GENRES.map((g) => (
                  <option key={g} value={g} />
                ))}
              </datalist>
            </label>
            <label className="field">
              <span>Duration (seconds)</span>
              <input type="number" min={5} max={180} step={5} value={duration} onChange={(e) => setDuration(e.currentTarget.value)} />
            </label>
          </div>
          <InlineError message={fieldError} />
          <VoicePicker voice={chosenVoice} onVoice={setVoice} sampleText={preview ? preview.script.hook : topic} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={previewAction.pending}>
              {previewAction.pending ? 'Writing…' : 'Preview'}
            </button>
            <button type="button" className="button primary" disabled={addAction.pending} onClick={() => void addAction.run()}>
              Add to queue
            </button>
          </div>
          <InlineError message={previewAction.error ?? addAction.error} />
        </form>
        <section className="create-preview" aria-label="Preview" aria-busy={previewAction.pending}>
          {preview ? (
            <ScriptPreview preview={preview} />
          ) : (
            <div className="empty-state">
              <h2>No preview yet</h2>
              <p>Write a topic and press Preview to see the hook, the lines, hashtags, background ideas and a virality score.</p>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
