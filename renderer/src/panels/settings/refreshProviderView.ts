import { getApi } from '../../api/getApi';
import { actions } from '../../store/store';

/**
 * After a key or provider change the host has switched writers at once: fetch what depends on
 * it (which writer is in use, which voices exist) so the panels show it without a reload.
 */
export async function refreshProviderView(): Promise<void> {
  const api = getApi();
  const [info, voices] = await Promise.all([api.invoke('app.info', {}), api.invoke('voices.list', {})]);
  actions().setAppInfo(info);
  actions().setVoices(voices);
}
