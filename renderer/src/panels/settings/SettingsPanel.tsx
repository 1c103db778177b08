import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { PresetOptions } from '../../components/PresetOptions';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { CaptionStylePicker } from '../../components/CaptionStylePicker';
import { useLooks } from '../../components/useLooks';
import { LooksSection } from './LooksSection';
import { actions, useApp } from '../../store/store';
import type { Settings, SettingsView } from '../../types/contract';
import { VoiceSelect } from '../../components/VoiceSelect';
import { ApiKeyField } from './ApiKeyField';
import { ServiceKeysField } from './ServiceKeysField';
import { FarmCard } from './FarmCard';
import { refreshProviderView } from './refreshProviderView';
import { fieldOfHostError, formFromSettings, shortFfmpegVersion, validateSettingsForm, type FormErrors, type PriceRow, type SettingsForm } from './settingsForm';
import './settings.css';

/** Providers, voices, presets, cache limits, output folder and parallelism; saved through settings.set. */
export function SettingsPanel() {
  const settings = useApp((s) => s.settings);
  const appInfo = useApp((s) => s.appInfo);
  if (!settings) {
    return (
      <div className="panel settings-panel">
        <header className="panel-header">
          <h1>Settings</h1>
        </header>
        <p className="loading">Loading settings…</p>
      </div>
    );
  }
  return (
    <div className="panel settings-panel">
      <header className="panel-header">
        <h1>Settings</h1>
        {appInfo ? (
          <p className="panel-subtitle">
            Reelforge {appInfo.version} · writing with {appInfo.providerInUse === 'openai' ? 'OpenAI' : 'the offline writer'} · ffmpeg {appInfo.ffmpeg ? shortFfmpegVersion(appInfo.ffmpeg.version) : 'not found'}
          </p>
        ) : null}
      </header>
      <div className="settings-layout">
        <SettingsFormView settings={settings} />
        <aside className="settings-side stack-4">
          <div className="card">
            <ApiKeyField />
          </div>
          <div className="card">
            <ServiceKeysField title="Stock footage" services={['pexels', 'pixabay']}
              hint="Free keys from Pexels and Pixabay fill the sentences your own footage doesn’t cover. Authors are credited in each video’s credits file." />
          </div>
          <div className="card">
            <ServiceKeysField title="ElevenLabs voices" services={['elevenlabs']}
              hint="With a key, ElevenLabs’ voices join the voice list (elevenlabs:<voice_id>), with word timings from the engine. Paid per character." />
          </div>
          <FarmCard />
          {appInfo ? (
            <div className="card">
              <h2 className="card-title">Data folder</h2>
              <p className="mono break">{appInfo.dataDir}</p>
              <p className="muted small">The cache, the queue database and uploads live here. The CLI shares it.</p>
            </div>
          ) : null}
        </aside>
      </div>
      <LooksSection />
    </div>
  );
}

function SettingsFormView({ settings }: { settings: Settings }) {
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settings));
  const [errors, setErrors] = useState<FormErrors>({});
  const [dirty, setDirty] = useState(false);
  const { looks } = useLooks();
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped after a refused save: focus then goes to the first field that needs fixing.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid] select, [data-invalid] input')?.focus();
  }, [refusals]);

  // A save elsewhere (or the host) changed settings: take them unless the user is mid-edit.
  useEffect(() => {
    if (!dirty) setForm(formFromSettings(settings));
  }, [settings, dirty]);

  const save = useAction(async (patch: Partial<Settings>) => {
    let saved: SettingsView;
    try {
      saved = await getApi().invoke('settings.set', patch);
    } catch (err) {
      // The host refused a value (it validates with the contract): show it under its field.
      // ApiError (browser host) and the preload's error (desktop) both carry the field as `subject`.
      const subject = (err as { subject?: unknown }).subject;
      const placed = err instanceof Error && typeof subject === 'string' ? fieldOfHostError(subject, err.message) : null;
      if (placed) {
        setErrors((e) => ({ ...e, [placed.field]: placed.message }));
        setRefusals((n) => n + 1);
        throw new Error('Fix the highlighted field, then save again.');
      }
      throw err;
    }
    actions().setSettings(saved);
    setDirty(false);
    setForm(formFromSettings(saved));
    actions().pushToast('success', 'Settings saved.');
    await refreshProviderView();
  });

  function set<K extends keyof SettingsForm>(key: K, value: SettingsForm[K]): void {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  }

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    const { patch, errors: found } = validateSettingsForm(form, settings, looks?.captionStyles.map((s) => s.name) ?? []);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const n = Object.keys(found).length;
      save.setError(`${n === 1 ? 'One field needs' : `${n} fields need`} fixing (highlighted), then save again.`);
      setRefusals((r) => r + 1);
      return;
    }
    if (Object.keys(patch).length === 0) {
      setDirty(false);
      return;
    }
    void save.run(patch);
  }

  const text = (key: keyof SettingsForm, label: string, extra: { placeholder?: string; list?: string; type?: string; hint?: string } = {}) => (
    <Field label={label} error={errors[key]} name={key} hint={extra.hint}>
      <input
        type={extra.type ?? 'text'}
        value={String(form[key])}
        placeholder={extra.placeholder}
        list={extra.list}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `err-${key}` : undefined}
        onChange={(e) => set(key, e.currentTarget.value as never)}
      />
    </Field>
  );

  return (
    <form ref={formRef} className="card settings-form" onSubmit={onSubmit} noValidate aria-label="Settings">
      <fieldset>
        <legend>Writing and voice</legend>
        <Field label="Provider" name="provider" hint="Auto writes with OpenAI once you save a key, and offline until then.">
          <select value={form.provider} onChange={(e) => set('provider', e.currentTarget.value as Settings['provider'])}>
            <option value="auto">Auto</option>
            <option value="openai">OpenAI (or compatible)</option>
            <option value="offline">Offline</option>
          </select>
        </Field>
        {text('baseURL', 'Base URL', { placeholder: 'https://api.openai.com/v1', hint: 'Any OpenAI-compatible server, e.g. a local LLM. Empty means OpenAI.' })}
        <div className="field-row">
          {text('textModel', 'Text model', { placeholder: 'gpt-4o-mini' })}
          {text('speechModel', 'Speech model', { placeholder: 'gpt-4o-mini-tts' })}
        </div>
        <Field label="Default voice" name="defaultVoice">
          <VoiceSelect value={form.defaultVoice} onChange={(id) => set('defaultVoice', id)} unknownLabel="System default" label="Default voice" />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Voices and sound</legend>
        <div className="field-row">
          {text('speechBaseURL', 'Local speech server', { placeholder: 'http://127.0.0.1:8880/v1', hint: 'Kokoro-FastAPI, LocalAI, Speaches…: its voices appear as local:<voice>. Empty: none.' })}
          {text('speechServerModel', 'Its model', { placeholder: 'tts-1' })}
        </div>
        <div className="field-row">
          {text('transcribeBaseURL', 'Transcription server', { placeholder: 'http://127.0.0.1:8000/v1', hint: 'For your own recordings: a faster-whisper server. Empty: OpenAI with the key.' })}
          {text('transcribeModel', 'Its model', { placeholder: 'whisper-1' })}
        </div>
        {text('elevenlabsModel', 'ElevenLabs model', { placeholder: 'eleven_multilingual_v2', hint: 'ElevenLabs voices appear when ELEVENLABS_API_KEY is set where the app starts.' })}
        <div className="field-row">
          {text('musicDir', 'Music folder', { placeholder: '/home/you/Music/shorts', hint: 'A track from here goes under every video (matched to its mood). Empty: no music.' })}
          {text('musicVolume', 'Music volume (%)', { type: 'number', hint: '100 sits 6 LU under the voice, 50 about 12 LU.' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Output</legend>
        <div className="field-row">
          <Field label="Preset" name="defaultPreset">
            <select value={form.defaultPreset} onChange={(e) => set('defaultPreset', e.currentTarget.value as Settings['defaultPreset'])}>
              <PresetOptions />
            </select>
          </Field>
          <Field label="Caption style" name="captionStyle" error={errors.captionStyle}>
            <CaptionStylePicker
              value={form.captionStyle}
              onChange={(v) => set('captionStyle', v)}
              invalid={errors.captionStyle !== undefined}
              describedBy={errors.captionStyle ? 'err-captionStyle' : undefined}
            />
          </Field>
        </div>
        {text('outputDir', 'Output folder', { placeholder: '/home/you/Videos/Reelforge', hint: 'A full path: where finished MP4s, captions and manifests are written.' })}
        {text('ffmpegPath', 'ffmpeg', { placeholder: 'bundled or on PATH', hint: 'The full path of an ffmpeg binary, or empty for the bundled one (or the one on PATH). Used from the next start.' })}
      </fieldset>
      <fieldset>
        <legend>Cache</legend>
        <div className="field-row">
          {text('cacheMaxSizeGb', 'Cache max size (GB)', { type: 'number' })}
          {text('cacheMaxAgeDays', 'Cache max age (days)', { type: 'number' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Parallelism</legend>
        <div className="field-row">
          {text('concurrency', 'Concurrency', { type: 'number', hint: 'Videos in flight, 1–10.' })}
          {text('workers', 'Workers', { type: 'number', hint: 'Render processes, 1–32.' })}
        </div>
        <div className="field-row">
          {text('aiConcurrency', 'AI calls at once', { type: 'number' })}
          {text('ttsConcurrency', 'Voice calls at once', { type: 'number' })}
        </div>
        <label className="check">
          <input type="checkbox" checked={form.stopOnError} onChange={(e) => set('stopOnError', e.currentTarget.checked)} />
          <span>Stop a batch on the first error</span>
        </label>
      </fieldset>
      <PriceTable rows={form.prices} error={errors.prices} onChange={(rows) => set('prices', rows)} />
      <div className="form-actions sticky-actions">
        <button type="submit" className="button primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button ghost"
          disabled={!dirty || save.pending}
          onClick={() => {
            setForm(formFromSettings(settings));
            setErrors({});
            setDirty(false);
            save.setError(null);
          }}
        >
          Revert
        </button>
        {dirty ? <span className="muted small">Unsaved changes</span> : null}
        {/* Inside the sticky bar, so the summary is never hidden under it. */}
        <InlineError message={save.error} />
      </div>
    </form>
  );
}

const PRICE_COLUMNS = [
  ['inputPerM', 'Input $/1M tokens'],
  ['outputPerM', 'Output $/1M tokens'],
  ['charactersPerM', 'Speech $/1M chars'],
] as const;

/** The price table costs are estimated with: one row per model, editable, rows can be added. */
function PriceTable({ rows, error, onChange }: { rows: PriceRow[]; error: string | undefined; onChange: (rows: PriceRow[]) => void }) {
  const edit = (i: number, patch: Partial<PriceRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>Prices</legend>
      <p className="hint">Used to estimate what each video cost and what the cache saved. Local servers are free: price their model at 0.</p>
      <table className="price-table" aria-label="Prices">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {PRICE_COLUMNS.map(([, label]) => (
              <th scope="col" key={label}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>
                <input type="text" aria-label={`Model ${i + 1}`} value={row.model} placeholder="model name" onChange={(e) => edit(i, { model: e.currentTarget.value })} />
              </td>
              {PRICE_COLUMNS.map(([field, label]) => (
                <td key={field}>
                  <input
                    type="text"
                    aria-label={`${label} for ${row.model || `model ${i + 1}`}`}
                    inputMode="decimal"
                    value={row[field]}
                    placeholder="—"
                    onChange={(e) => edit(i, { [field]: e.currentTarget.value })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <button type="button" className="button ghost" onClick={() => onChange([...rows, { model: '', inputPerM: '', outputPerM: '', charactersPerM: '' }])}>
          Add model
        </button>
      </div>
      {error ? (
        <span className="field-error" id="err-prices" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string | undefined; hint?: string | undefined; children: ReactNode }) {
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label>
        <span>{label}</span>
        {children}
      </label>
      {hint && !error ? <span className="hint">{hint}</span> : null}
      {error ? (
        <span className="field-error" id={`err-${name}`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
