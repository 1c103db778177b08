/**
 * Who may talk to the browser host. Three independent checks, in this order:
 *
 * 1. Host header: only 127.0.0.1/localhost/[::1] at our port. A DNS-rebinding page reaches us
 *    with its own hostname in Host, so anything else is refused (403) before the token matters.
 * 2. Origin (and Sec-Fetch-Site): a browser always sends Origin on WebSocket upgrades and
 *    cross-site POSTs; a foreign origin is refused (403). Node clients send none and still need
 *    the token.
 * 3. Token: 32 random bytes, accepted as `?token=`, `Authorization: Bearer`, or the HttpOnly
 *    SameSite=Strict cookie that the page load sets so <img>/<video>/asset requests (which cannot
 *    carry a header) work without the token appearing in the DOM. Compared in constant time.
 *    Missing or wrong → 401.
 */
import type { IncomingMessage } from 'node:http';
import { newToken, tokensEqual } from '../core/security/token.js';

export { newToken, tokensEqual };

export const TOKEN_COOKIE = 'reelforge_token';

export type AuthVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Host header values we answer to: the loopback names at our port. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const host = hostHeader.toLowerCase();
  return LOOPBACK_NAMES.some((name) => host === `${name}:${port}`);
}

/** An Origin we trust: absent (non-browser client) or http://<loopback>:<port>. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

/** Where this request carries a token, if anywhere. Query first: that is what the page load uses. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return parseCookies(req.headers.cookie).get(TOKEN_COOKIE) ?? null;
}

export function checkRequest(req: IncomingMessage, url: URL, opts: { token: string; port: number }): AuthVerdict {
  if (!isAllowedHost(req.headers.host, opts.port)) return { ok: false, status: 403, reason: 'Host not allowed' };
  const origin = req.headers.origin;
  if (!isAllowedOrigin(typeof origin === 'string' ? origin : undefined, opts.port)) {
    return { ok: false, status: 403, reason: 'Cross-origin request refused' };
  }
  // Browsers label cross-site subresource loads even where Origin is absent (e.g. <img>).
  if (req.headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'Cross-site request refused' };
  const given = presentedToken(req, url);
  if (given === null || !tokensEqual(given, opts.token)) return { ok: false, status: 401, reason: 'Missing or wrong token' };
  return { ok: true };
}

/** HttpOnly so page scripts cannot read it; Strict so no other site's request carries it. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
