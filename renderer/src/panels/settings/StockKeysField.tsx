import { useEffect, useState, type FormEvent } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { actions } from '../../store/store';

type Provider = 'pexels' | 'pixabay';
const SITES: { provider: Provider; name: string; env: string; signup: string }[] = [
  { provider: 'pexels', name: 'Pexels', env: 'PEXELS_API_KEY', signup: 'pexels.com/api' },
  { provider: 'pixabay', name: 'Pixabay', env: 'PIXABAY_API_KEY', signup: 'pixabay.com/api/docs' },
];

/**
 * Shots (#11): the stock sites' free keys, write-only like the OpenAI key — the host only ever
 * says whether one is set. With a key, sentences your footage doesn't cover get stock footage.
 */
export function StockKeysField() {
  const [set, setSet] = useState<Record<Provider, boolean>>({ pexels: false, pixabay: false });
  const [drafts, setDrafts] = useState<Record<Provider, string>>({ pexels: '', pixabay: '' });

  const load = useAction(async () => setSet((await getApi().invoke('footage.list', {})).stockKeys));
  const reload = load.run;
  useEffect(() => {
    void reload();
  }, [reload]);

  const save = useAction(async (provider: Provider, key: string | null) => {
    setSet(await getApi().invoke('settings.setStockKey', { provider, key }));
    setDrafts((d) => ({ ...d, [provider]: '' }));
    actions().pushToast('success', `${SITES.find((s) => s.provider === provider)?.name} key ${key === null ? 'removed' : 'saved'}.`);
  });

  return (
    <div className="stock-keys">
      <h3>Stock footage</h3>
      <p className="hint">Free keys from Pexels and Pixabay fill the sentences your own footage doesn’t cover. Authors are credited in each video’s credits file.</p>
      {SITES.map((site) => {
        const onSubmit = (e: FormEvent): void => {
          e.preventDefault();
          const key = drafts[site.provider].trim();
          if (key === '') save.setError(`Paste a ${site.name} key first (from ${site.signup}).`);
          else void save.run(site.provider, key);
        };
        return (
          <form key={site.provider} className="api-key" onSubmit={onSubmit}>
            <p className="key-state" data-set={set[site.provider]} data-testid={`stock-key-state-${site.provider}`}>
              <span className="dot" aria-hidden="true" />
              {set[site.provider] ? `${site.name}: a key is set` : `${site.name}: no key (or set ${site.env})`}
            </p>
            <label className="field">
              <span>{site.name} API key</span>
              <input type="password" value={drafts[site.provider]} autoComplete="off" spellCheck={false} maxLength={400}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setDrafts((d) => ({ ...d, [site.provider]: value }));
                }} />
            </label>
            <div className="form-actions">
              <button type="submit" className="button" disabled={save.pending}>Save {site.name} key</button>
              <button type="button" className="button ghost" disabled={save.pending || !set[site.provider]} onClick={() => void save.run(site.provider, null)}>Clear {site.name} key</button>
            </div>
          </form>
        );
      })}
      <InlineError message={save.error ?? load.error} />
    </div>
  );
}
