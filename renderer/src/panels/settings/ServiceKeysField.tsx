import { useEffect, useState, type FormEvent } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { actions } from '../../store/store';
import type { ServiceKeyName, ServiceKeysSet } from '../../types/contract';

const SERVICES: Record<ServiceKeyName, { name: string; env: string; signup: string }> = {
  pexels: { name: 'Pexels', env: 'PEXELS_API_KEY', signup: 'pexels.com/api' },
  pixabay: { name: 'Pixabay', env: 'PIXABAY_API_KEY', signup: 'pixabay.com/api/docs' },
  elevenlabs: { name: 'ElevenLabs', env: 'ELEVENLABS_API_KEY', signup: 'elevenlabs.io → Developers → API keys' },
};

/**
 * The services' keys — the stock sites' (#11), ElevenLabs' (#12) — write-only like the OpenAI
 * key: the host only ever says whether one is set, and forgets nothing the user did not clear.
 */
export function ServiceKeysField({ title, hint, services }: { title: string; hint: string; services: ServiceKeyName[] }) {
  const [set, setSet] = useState<Partial<ServiceKeysSet>>({});
  const [drafts, setDrafts] = useState<Partial<Record<ServiceKeyName, string>>>({});

  const load = useAction(async () => setSet(await getApi().invoke('settings.serviceKeys', {})));
  const reload = load.run;
  useEffect(() => {
    void reload();
  }, [reload]);

  const save = useAction(async (service: ServiceKeyName, key: string | null) => {
    setSet(await getApi().invoke('settings.setServiceKey', { service, key }));
    setDrafts((d) => ({ ...d, [service]: '' }));
    actions().pushToast('success', `${SERVICES[service].name} key ${key === null ? 'removed' : 'saved'}.`);
  });

  return (
    <div className="service-keys">
      <h3>{title}</h3>
      <p className="hint">{hint}</p>
      {services.map((service) => {
        const site = SERVICES[service];
        const isSet = set[service] ?? false;
        const onSubmit = (e: FormEvent): void => {
          e.preventDefault();
          const key = (drafts[service] ?? '').trim();
          if (key === '') save.setError(`Paste a ${site.name} key first (from ${site.signup}).`);
          else void save.run(service, key);
        };
        return (
          <form key={service} className="api-key stack-3" onSubmit={onSubmit}>
            <p className="key-state" data-set={isSet} data-testid={`service-key-state-${service}`}>
              <span className="dot" aria-hidden="true" />
              {isSet ? `${site.name}: a key is set` : `${site.name}: no key (or set ${site.env})`}
            </p>
            <label className="field">
              <span>{site.name} API key</span>
              <input type="password" value={drafts[service] ?? ''} autoComplete="off" spellCheck={false} maxLength={400}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setDrafts((d) => ({ ...d, [service]: value }));
                }} />
            </label>
            <div className="form-actions">
              <button type="submit" className="button" disabled={save.pending}>Save {site.name} key</button>
              <button type="button" className="button ghost" disabled={save.pending || !isSet} onClick={() => void save.run(service, null)}>Clear {site.name} key</button>
            </div>
          </form>
        );
      })}
      <InlineError message={save.error ?? load.error} />
    </div>
  );
}
