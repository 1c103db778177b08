import { useState, type FormEvent } from 'react';
import { getApi } from '../../api/getApi';
import { useAction, usePolling } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { actions } from '../../store/store';
import { checkListen, checkRedisUrl, farmSummary, HEALTH_TONE, healthLabel, STATE_LABEL, type FarmStatus } from './farmView';

/**
 * Settings → Render farm: this app as the controller of a farm on Redis. The Redis URL is
 * write-only (it may carry a password: the host sends back only a redacted form); the worker
 * list (capabilities, health, what each renders) refreshes every two seconds while shown.
 */
export function FarmCard() {
  const [status, setStatus] = useState<FarmStatus | null>(null);
  const [redisUrl, setRedisUrl] = useState('');
  const [listen, setListen] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  usePolling(() => {
    getApi().invoke('farm.status', {}).then(setStatus, () => undefined);
  }, 2000);

  const save = useAction(async (url: string | null) => {
    const next = await getApi().invoke('farm.configure', { redisUrl: url, ...(listen !== null ? { listen: listen.trim() } : {}) });
    setStatus(next);
    setRedisUrl('');
    // The host announces on and off itself (a notice): only a failure is said here, next to the form.
    if (next.state === 'error') throw new Error(next.error ?? 'The farm did not start.');
  });
  const resume = useAction(async (workerId: string) => {
    await getApi().invoke('farm.resumeWorker', { workerId });
    actions().pushToast('info', 'The worker takes jobs again.');
  });

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    const problem = checkRedisUrl(redisUrl) ?? (listen !== null ? checkListen(listen) : null);
    setFieldError(problem);
    if (problem === null) void save.run(redisUrl.trim());
  }

  const fixed = status?.fixed ?? false;
  return (
    <section className="card farm-card" aria-labelledby="farm-title">
      <h3 id="farm-title">Render farm</h3>
      <p className="key-state" data-testid="farm-state" data-state={status?.state ?? 'off'}>
        <span className="dot" aria-hidden="true" data-tone={status?.state === 'on' ? 'ok' : status?.state === 'error' ? 'danger' : 'muted'} />
        {status ? STATE_LABEL[status.state] : 'Loading…'}
      </p>
      {status?.error ? <p className="field-error" role="alert">{status.error}</p> : null}
      {status?.redis ? <p className="small">Redis <span className="mono break">{status.redis}</span></p> : null}
      {status?.workerCommand ? (
        <div className="farm-command stack-1">
          <span className="small muted">Start a worker on each machine (it needs ffmpeg and Reelforge):</span>
          <code className="mono break" data-testid="farm-worker-command">{status.workerCommand}</code>
        </div>
      ) : null}
      {fixed ? (
        <p className="hint">Set on the command line (reelforge farm): restart it to change Redis or the address.</p>
      ) : (
        <form className="farm-form stack-3" onSubmit={onSubmit} noValidate>
          <label className="field">
            <span>Redis URL</span>
            <input
              type="password"
              value={redisUrl}
              autoComplete="off"
              spellCheck={false}
              maxLength={500}
              placeholder={status?.redis ? 'Paste a new URL to replace it' : 'redis://:PASSWORD@192.168.1.10:6379'}
              aria-invalid={fieldError ? true : undefined}
              onChange={(e) => setRedisUrl(e.currentTarget.value)}
            />
          </label>
          <div className="field">
            <label>
              <span>Workers reach this app at</span>
              <input type="text" value={listen ?? status?.listen ?? ''} spellCheck={false} maxLength={100} aria-describedby="farm-listen-hint" onChange={(e) => setListen(e.currentTarget.value)} />
            </label>
            <span className="hint" id="farm-listen-hint">HOST:PORT. 127.0.0.1 keeps it to this machine; use a LAN address for other machines.</span>
          </div>
          {fieldError ? <p className="field-error" role="alert">{fieldError}</p> : null}
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={save.pending}>{status?.state === 'on' ? 'Reconnect' : 'Turn on'}</button>
            <button type="button" className="button" disabled={save.pending || status?.state === 'off'} onClick={() => void save.run(null)}>Turn off</button>
          </div>
          <InlineError message={save.error} />
        </form>
      )}
      {status && status.state === 'on' ? (
        <>
          <p className="small muted" data-testid="farm-summary">{farmSummary(status)}</p>
          {status.workers.length === 0 ? (
            <p className="muted small">No workers yet: start one with the command above.</p>
          ) : (
            <ul className="farm-workers stack-2 plain-list" aria-label="Farm workers">
              {status.workers.map((w) => (
                <li key={w.id} className="farm-worker" data-health={w.health}>
                  <div className="farm-worker-head">
                    <span className="dot" aria-hidden="true" data-tone={HEALTH_TONE[w.health]} />
                    <strong>{w.name}</strong>
                    <span className="muted small">{healthLabel(w)}</span>
                  </div>
                  <div className="small muted">
                    {w.host} · {w.platform} · {w.slots} slot{w.slots === 1 ? '' : 's'} · {w.done} done, {w.failed} failed
                    {w.tags.length > 0 ? ` · ${w.tags.join(', ')}` : ''}
                  </div>
                  <div className="small muted mono break" title={w.ffmpeg}>{w.ffmpeg.replace(/ Copyright.*/, '')}{w.voices.length > 0 ? ` · voices: ${w.voices.join(', ')}` : ''}</div>
                  {w.running.length > 0 ? <div className="small">Rendering: {w.running.join(', ')}</div> : null}
                  {w.paused ? (
                    <div className="farm-paused">
                      <span className="field-error">{w.paused}</span>
                      <button type="button" className="button small" disabled={resume.pending} onClick={() => void resume.run(w.id)}>Resume</button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <InlineError message={resume.error} />
        </>
      ) : null}
    </section>
  );
}
