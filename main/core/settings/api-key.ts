/**
 * Which API key a request may carry, decided in one place for every host. A key goes only where
 * its owner sent it: a key saved in Settings is bound to the base URL it was saved for, and
 * OPENAI_API_KEY pairs with OPENAI_BASE_URL (unset: OpenAI's own API). Without this, anyone who
 * could change the base URL (a page of the browser host, a compromised renderer) had the
 * "write-only" key sent to a server of their choosing on the next request.
 */

/** A key as stored: the key and the base URL ('' for OpenAI's own API) it was saved for. */
export interface SavedKey {
  key: string;
  baseURL: string;
}

export interface KeyChoice {
  /** What to send, or null: no key may go to this base URL. */
  key: string | null;
  /** Why a key that exists is not sent (for Settings and the CLI's warning); null when nothing is held back. */
  note: string | null;
}

export function normalizeBaseURL(url: string | undefined): string {
  return (url ?? '').trim().replace(/\/+$/, '');
}

function where(url: string): string {
  return url === '' ? "OpenAI's own API" : url;
}

/**
 * @param baseURL where requests go now (OPENAI_BASE_URL, else the baseURL setting; '' for OpenAI)
 * @param saved the key saved in Settings, if any
 * @param env OPENAI_API_KEY and OPENAI_BASE_URL of the host's environment
 */
export function chooseApiKey(o: { baseURL: string; saved: SavedKey | null; env: { OPENAI_API_KEY?: string | undefined; OPENAI_BASE_URL?: string | undefined } }): KeyChoice {
  const target = normalizeBaseURL(o.baseURL);
  let note: string | null = null;
  if (o.saved !== null) {
    const boundTo = normalizeBaseURL(o.saved.baseURL);
    if (boundTo === target) return { key: o.saved.key, note: null };
    note = `The saved key was saved for ${where(boundTo)}; the base URL is now ${where(target)}, so the key is not sent there until you save it again.`;
  }
  const envKey = o.env.OPENAI_API_KEY?.trim();
  if (envKey) {
    const pairedWith = normalizeBaseURL(o.env.OPENAI_BASE_URL);
    if (pairedWith === target) return { key: envKey, note };
    note ??= `OPENAI_API_KEY goes only to ${where(pairedWith)} (${pairedWith === '' ? 'OPENAI_BASE_URL is unset' : 'its OPENAI_BASE_URL'}), not to ${where(target)}: set OPENAI_BASE_URL=${target || 'https://api.openai.com/v1'} to send it there.`;
  }
  return { key: null, note };
}
