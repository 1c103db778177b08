import { describe, expect, it } from 'vitest';
import { chooseApiKey } from './api-key.js';

const LOCAL = 'http://127.0.0.1:1234/v1';
const EVIL = 'http://127.0.0.1:47011/v1';

describe('chooseApiKey', () => {
  it('sends a saved key only to the base URL it was saved for (a trailing slash is the same URL)', () => {
    const saved = { key: 'sk-saved', baseURL: LOCAL };
    expect(chooseApiKey({ baseURL: `${LOCAL}/`, saved, env: {} })).toEqual({ key: 'sk-saved', note: null });
    expect(chooseApiKey({ baseURL: EVIL, saved, env: {} })).toEqual({
      key: null,
      note: `The saved key was saved for ${LOCAL}; the base URL is now ${EVIL}, so the key is not sent there until you save it again.`,
    });
    expect(chooseApiKey({ baseURL: '', saved: { key: 'sk-saved', baseURL: '' }, env: {} }).key).toBe('sk-saved');
  });

  it('pairs OPENAI_API_KEY with OPENAI_BASE_URL (unset: OpenAI), and says why it is not sent elsewhere', () => {
    expect(chooseApiKey({ baseURL: LOCAL, saved: null, env: { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: LOCAL } }).key).toBe('sk-env');
    expect(chooseApiKey({ baseURL: '', saved: null, env: { OPENAI_API_KEY: 'sk-env' } }).key).toBe('sk-env');
    const elsewhere = chooseApiKey({ baseURL: EVIL, saved: null, env: { OPENAI_API_KEY: 'sk-env' } });
    expect(elsewhere.key).toBeNull();
    expect(elsewhere.note).toBe(`OPENAI_API_KEY goes only to OpenAI's own API (OPENAI_BASE_URL is unset), not to ${EVIL}: set OPENAI_BASE_URL=${EVIL} to send it there.`);
    expect(chooseApiKey({ baseURL: '', saved: null, env: { OPENAI_API_KEY: '  ' } })).toEqual({ key: null, note: null });
  });

  it('falls back from a saved key held back to the environment\'s pair, still saying why the saved one is not used', () => {
    const choice = chooseApiKey({ baseURL: LOCAL, saved: { key: 'sk-saved', baseURL: '' }, env: { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: LOCAL } });
    expect(choice.key).toBe('sk-env');
    expect(choice.note).toMatch(/saved key was saved for OpenAI's own API/);
  });
});
