import { useState, type FormEvent } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { actions, useApp } from '../../store/store';
import { refreshProviderView } from './refreshProviderView';

/**
 * The API key is write-only: the host never sends it back, so this field only ever shows
 * whether one is set. What the user types is dropped from memory once saved.
 */
export function ApiKeyField() {
  const apiKeySet = useApp((s) => s.settings?.apiKeySet ?? s.appInfo?.apiKeySet ?? false);
  const envKey = useApp((s) => s.appInfo?.envApiKey ?? false);
  // Why a key that is set is not sent: the base URL changed since it was saved (the host decides).
  const keyNote = useApp((s) => s.settings?.apiKeyNote ?? null);
  const [draft, setDraft] = useState('');

  const save = useAction(async (key: string | null) => {
    const r = await getApi().invoke('settings.setApiKey', { key });
    actions().setApiKeySet(r.apiKeySet);
    setDraft('');
    actions().pushToast('success', key === null ? 'API key removed.' : 'API key saved.');
    await refreshProviderView();
  });

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    const key = draft.trim();
    if (key === '') {
      save.setError('Paste a key first.');
      return;
    }
    void save.run(key);
  }

  return (
    // No accessible name on the form itself: "API key" must label exactly one control, the input.
    <form className="api-key stack-3" onSubmit={onSubmit}>
      <h2 className="card-title">Provider access</h2>
      <p className="key-state" data-testid="api-key-state" data-set={apiKeySet}>
        <span className="dot" aria-hidden="true" />
        {apiKeySet ? 'A key is set' : envKey ? 'Using OPENAI_API_KEY' : 'No key set'}
      </p>
      {keyNote ? (
        <p className="hint key-held" role="status" data-testid="api-key-note">{keyNote}</p>
      ) : null}
      {envKey ? (
        <p className="hint">{apiKeySet ? 'The saved key is used; OPENAI_API_KEY from the environment is the fallback.' : 'The key comes from the environment Reelforge was started in. A key saved here takes its place.'}</p>
      ) : null}
      <label className="field">
        <span>API key</span>
        <input
          type="password"
          value={draft}
          autoComplete="off"
          spellCheck={false}
          maxLength={400}
          placeholder={apiKeySet ? 'Paste a new key to replace it' : 'sk-…'}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={save.pending}>
          Save key
        </button>
        <button type="button" className="button" disabled={save.pending || !apiKeySet} onClick={() => void save.run(null)}>
          Clear key
        </button>
      </div>
      <InlineError message={save.error} />
    </form>
  );
}
