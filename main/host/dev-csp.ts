/**
 * The content security policy under `npm start` (electron-vite's dev server), derived from the
 * production policy by adding exactly what the dev server needs and nothing else:
 * - script-src and style-src: one nonce, which Vite puts on the React refresh preamble (an inline
 *   module script) and on every <style> its client injects for CSS imports (html.cspNonce);
 * - connect-src: the dev server's websocket (hot reload);
 * - img-src and media-src: app://reelforge, because data-folder media stays on the app protocol
 *   while the page itself comes from the dev server.
 * No 'unsafe-inline', no 'unsafe-eval'. Production pages never get this (desktop-review D4).
 * Pure; shared by the dev-only Vite plugin (meta tag) and the desktop main process (header),
 * since a page must pass both policies.
 */

export interface DevCspOptions {
  /** A fresh random value per dev-server start (base64). */
  nonce: string;
  /** The dev server's origin, e.g. http://localhost:5173. */
  devServerOrigin: string;
  /** Where data-folder media comes from, e.g. app://reelforge. */
  mediaOrigin: string;
}

type Directives = Map<string, string[]>;

function parse(policy: string): Directives {
  const out: Directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

function add(d: Directives, name: string, ...sources: string[]): void {
  // A directive the policy leaves out falls back to default-src, so start from that.
  const current = d.get(name) ?? [...(d.get('default-src') ?? ["'self'"])];
  for (const s of sources) if (!current.includes(s)) current.push(s);
  d.set(name, current);
}

export function devContentSecurityPolicy(production: string, o: DevCspOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('The dev CSP nonce must be at least 16 base64 characters.');
  const dev = new URL(o.devServerOrigin);
  const d = parse(production);
  add(d, 'script-src', `'nonce-${o.nonce}'`);
  add(d, 'style-src', `'nonce-${o.nonce}'`);
  add(d, 'connect-src', `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`);
  add(d, 'img-src', o.mediaOrigin);
  add(d, 'media-src', o.mediaOrigin);
  return [...d].map(([name, values]) => [name, ...values].join(' ')).join('; ');
}
