import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { PresetOptions } from '../../components/PresetOptions';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { BrandPicker, CaptionStylePicker } from '../../components/CaptionStylePicker';
import { InlineError } from '../../components/InlineError';
import { Segmented } from '../../components/Segmented';
import { actions, useApp } from '../../store/store';
import type { BackgroundInfo, CreatePreview, PresetName } from '../../types/contract';
import { loadRemembered, saveRemembered } from './createDefaults';
import { DEFAULT_VISUALS, draftFromPreview, GENRES, jobSpecFrom, lengthNote, parseDuration, SHOT_SOURCES, type CreateChoices, type ScriptDraft, type Visuals } from './createRules';
import { LookStill } from './LookStill';
import { MusicField } from './MusicField';
import { RecordingPicker, type Recording } from './RecordingPicker';
import { ScriptEditor } from './ScriptEditor';
import { ShotsCard, type PlannedShots } from './ShotsCard';
import { VoicePicker } from './VoicePicker';
import './create.css';

/**
 * One video, shaped by hand, with every option a render has: a topic (or your own script),
 * the voice, the look, the music, the format and the quality. Preview writes the script and
 * scores it; the script stays editable, and what is in the editor is what gets voiced. The
 * choices are remembered for next time.
 */
export function CreatePanel() {
  const api = getApi();
  const settings = useApp((s) => s.settings);
  const [remembered] = useState(loadRemembered);
  const [mode, setMode] = useState<CreateChoices['mode']>(remembered.mode ?? 'topic');
  const [topic, setTopic] = useState('');
  const [ownScript, setOwnScript] = useState('');
  const [genre, setGenre] = useState(remembered.genre ?? 'facts');
  const [duration, setDuration] = useState(String(remembered.duration ?? 30));
  const [voice, setVoice] = useState<string | null>(remembered.voice ?? null);
  const [voiceRate, setVoiceRate] = useState(remembered.voiceRate ?? 1);
  const [preset, setPreset] = useState<PresetName | null>(remembered.preset ?? null);
  const [quality, setQuality] = useState<CreateChoices['quality']>(remembered.quality ?? 'final');
  const [visuals, setVisuals] = useState<Visuals>(remembered.visuals ?? DEFAULT_VISUALS);
  const [shotPlan, setShotPlan] = useState<PlannedShots | null>(null);
  const [captionStyle, setCaptionStyle] = useState<string | null>(remembered.captionStyle ?? null);
  const [brand, setBrand] = useState(remembered.brand ?? '');
  const [music, setMusic] = useState('');
  const [musicVolume, setMusicVolume] = useState<number | null>(remembered.musicVolume ?? null);
  const [recording, setRecording] = useState<Recording | null>(null);
  const [backgrounds, setBackgrounds] = useState<BackgroundInfo[]>([]);
  const [preview, setPreview] = useState<{ result: CreatePreview; original: ScriptDraft; forTopic: string } | null>(null);
  const [draft, setDraft] = useState<ScriptDraft | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const topicRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.invoke('backgrounds.list', {}).then(setBackgrounds, () => setBackgrounds([]));
  }, [api]);

  const choices: CreateChoices = {
    mode,
    topic,
    ownScript,
    genre,
    duration: typeof parseDuration(duration) === 'number' ? (parseDuration(duration) as number) : 30,
    voice: voice ?? settings?.defaultVoice ?? '',
    voiceRate,
    preset: preset ?? settings?.defaultPreset ?? 'shorts',
    quality,
    visuals,
    captionStyle: captionStyle ?? settings?.captionStyle ?? '',
    brand,
    music,
    musicVolume: musicVolume ?? settings?.musicVolume ?? 0.5,
    voiceover: recording ? { path: recording.path, trimSilence: recording.trimSilence } : null,
  };
  // A preview belongs to the topic it was written for: a new topic starts over.
  const activeDraft = preview && mode === 'topic' && preview.forTopic === topic.trim() ? draft : null;

  function checkDuration(): number | null {
    const d = parseDuration(duration);
    if (typeof d === 'string') {
      setFieldError(d);
      return null;
    }
    return d;
  }

  const previewAction = useAction(async () => {
    const t = topic.trim();
    if (t === '') {
      setFieldError('Write a topic first, e.g. "Why octopuses have three hearts".');
      topicRef.current?.focus();
      return;
    }
    const d = checkDuration();
    if (d === null) return;
    setFieldError(null);
    const result = await api.invoke('create.preview', { topic: t, genre: genre.trim() || 'facts', duration: d });
    const original = draftFromPreview(result);
    setPreview({ result, original, forTopic: t });
    setDraft(original);
  });

  const addAction = useAction(async () => {
    if (checkDuration() === null) return;
    const spec = jobSpecFrom(choices, activeDraft);
    if (typeof spec === 'string') {
      setFieldError(spec);
      return;
    }
    setFieldError(null);
    // A shot plan made for exactly these choices (and maybe edited shot by shot) renders as planned.
    if (shotPlan && shotPlan.specKey === JSON.stringify(spec)) {
      await api.invoke('shots.render', { planId: shotPlan.plan.planId });
    } else {
      const result = await api.invoke('queue.addJobs', { jobs: [spec] });
      if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join(' '));
    }
    saveRemembered(choices);
    const title = spec.title ?? spec.topic ?? 'your script';
    actions().pushToast('success', `Added "${title}" to the queue.`, { label: 'Show in Queue', run: () => actions().setActivePanel('Queue') });
  });

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (mode === 'topic') void previewAction.run();
    else void addAction.run();
  }

  const builtins = useMemo(() => backgrounds.filter((b) => b.kind === 'builtin'), [backgrounds]);
  const clips = useMemo(() => backgrounds.filter((b) => b.kind === 'file'), [backgrounds]);
  const ownLength = mode === 'script' && ownScript.trim() ? lengthNote(ownScript, choices.duration) : null;
  // The still shows the chosen look; "my clips" shows the first clip (the match is made per video).
  const stillBackground = visuals.startsWith('builtin:') ? visuals : visuals.startsWith('file:') ? visuals.slice('file:'.length) : (clips[0]?.id ?? 'builtin:aurora');

  return (
    <div className="panel create-panel">
      <header className="panel-header">
        <h1>Create</h1>
        <p className="panel-subtitle">One video: write or paste the script, pick the voice and the look, preview, then add it to the queue.</p>
      </header>
      <div className="create-layout">
        <form className="card create-form" onSubmit={onSubmit} noValidate aria-label="Video options">
          <fieldset className="create-group">
            <legend>Story</legend>
            <Segmented label="Start from" name="create-mode" value={mode} onChange={setMode} options={[{ value: 'topic', label: 'Write from a topic' }, { value: 'script', label: 'Use my script' }]} />
            {mode === 'topic' ? (
              <label className="field">
                <span>Topic</span>
                <input ref={topicRef} type="text" value={topic} maxLength={500} placeholder="Why octopuses have three hearts" aria-invalid={fieldError !== null && topic.trim() === ''} onChange={(e) => setTopic(e.currentTarget.value)} />
              </label>
            ) : (
              <label className="field">
                <span>Your script (the first sentence is the hook)</span>
                <textarea rows={6} value={ownScript} maxLength={20_000} placeholder={'Octopuses have three hearts.\nTwo pump blood through the gills…'} onChange={(e) => setOwnScript(e.currentTarget.value)} />
                {ownLength ? (
                  <span className="length-note" data-over={ownLength.over || undefined}>
                    {ownLength.text}
                  </span>
                ) : null}
              </label>
            )}
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
          </fieldset>

          <fieldset className="create-group">
            <legend>Voice</legend>
            {recording ? null : <VoicePicker voice={choices.voice} onVoice={setVoice} rate={voiceRate} onRate={setVoiceRate} sampleText={activeDraft ? activeDraft.hook : mode === 'script' ? ownScript.slice(0, 200) : topic} />}
            <RecordingPicker value={recording} onChange={setRecording} />
          </fieldset>

          <fieldset className="create-group">
            <legend>Look</legend>
            <label className="field">
              <span>Visuals</span>
              <select value={visuals} onChange={(e) => setVisuals(e.currentTarget.value as Visuals)}>
                <optgroup label="A picture per sentence">
                  {SHOT_SOURCES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </optgroup>
                {clips.length > 0 ? <option value="auto">{`One of my dropped clips (${clips.length}), matched to the topic`}</option> : null}
                <optgroup label="Built-in looks">
                  {builtins.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </optgroup>
                {clips.length > 0 ? (
                  <optgroup label="One of my clips">
                    {clips.map((b) => (
                      <option key={b.id} value={`file:${b.id}`}>
                        {b.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {visuals.startsWith('file:') && !clips.some((b) => `file:${b.id}` === visuals) && backgrounds.length > 0 ? <option value={visuals}>{visuals.replace(/^file:/, '')} (not available)</option> : null}
              </select>
            </label>
            <div className="field-row">
              <label className="field">
                <span>Caption style</span>
                <CaptionStylePicker value={choices.captionStyle} onChange={setCaptionStyle} />
              </label>
              <label className="field">
                <span>Brand</span>
                <BrandPicker value={brand} onChange={setBrand} />
              </label>
            </div>
            <span className="hint">Make your own caption styles and brand kits in Settings.</span>
          </fieldset>

          <fieldset className="create-group">
            <legend>Sound</legend>
            <MusicField music={music} onMusic={setMusic} folder={settings?.musicDir ?? ''} />
            <label className="field">
              <span>Music volume: {Math.round(choices.musicVolume * 100)} %</span>
              <input type="range" min={0} max={100} step={5} value={Math.round(choices.musicVolume * 100)} aria-valuetext={`${Math.round(choices.musicVolume * 100)} percent`} onChange={(e) => setMusicVolume(Number(e.currentTarget.value) / 100)} />
              <span className="hint">100 % sits about 6 LU under the voice, 50 % about 12 LU.</span>
            </label>
          </fieldset>

          <fieldset className="create-group">
            <legend>Output</legend>
            <label className="field">
              <span>Format</span>
              <select value={choices.preset} onChange={(e) => setPreset(e.currentTarget.value as PresetName)}>
                <PresetOptions />
              </select>
            </label>
            <Segmented label="Quality" name="create-quality" value={quality} onChange={setQuality} options={[{ value: 'final', label: 'Final' }, { value: 'draft', label: 'Draft (fast check)' }]} />
          </fieldset>

          <InlineError message={fieldError} />
          <div className="form-actions">
            {mode === 'topic' ? (
              <button type="submit" className="button" disabled={previewAction.pending}>
                {previewAction.pending ? 'Writing…' : activeDraft ? 'Write again' : 'Preview'}
              </button>
            ) : null}
            <button type={mode === 'script' ? 'submit' : 'button'} className="button primary" disabled={addAction.pending} onClick={mode === 'script' ? undefined : () => void addAction.run()}>
              Add to queue
            </button>
          </div>
          <InlineError message={previewAction.error ?? addAction.error} />
        </form>
        <section className="create-preview" aria-label="Preview" aria-busy={previewAction.pending}>
          {preview && activeDraft ? (
            <ScriptEditor
              preview={preview.result}
              draft={activeDraft}
              original={preview.original}
              targetSec={choices.duration}
              onChange={setDraft}
              still={<LookStill captionStyle={choices.captionStyle} brand={brand} background={stillBackground} preset={choices.preset} text={activeDraft.hook} />}
            />
          ) : mode === 'script' ? (
            <div className="empty-state">
              <h2>Your script, as written</h2>
              <p>Each sentence becomes a caption page and is voiced in order. The first sentence is the hook: make it the reason to keep watching.</p>
            </div>
          ) : (
            <div className="empty-state">
              <h2>No preview yet</h2>
              <p>Write a topic and press Preview to get a script you can edit, hashtags, background ideas and a virality score. Or press Add to queue to let the writer do it all.</p>
            </div>
          )}
          {visuals.startsWith('shots:') ? (
            <ShotsCard spec={jobSpecFrom(choices, activeDraft)} plan={shotPlan} onPlan={setShotPlan} />
          ) : null}
        </section>
      </div>
    </div>
  );
}
