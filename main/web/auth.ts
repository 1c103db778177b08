/**
 * Who may talk to the browser host. Three independent checks, in this order:
 *
 * 1. Host header: only 127.0.0.1/localhost/[::1] at our port. A DNS-rebinding page reaches us
 *    with its own hostname in Host, so anything else is refused (403) before the token matters.
 * 2. Origin (and Sec-Fetch-Site): a browser always sends Origin on WebSocket upgrades and
 *    cross-site POSTs; a foreign origin is refused (403). Node clients send none and still need
 *    the token.
 * 3. Token: 32 random bytes, accepted as `?token=` or `Authorization: Bearer`, compared in
 *    constant time. Missing or wrong → 401.
 *
 * There is no cookie. Browsers send a cookie for 127.0.0.1 to every port, so a token cookie
 * reached every other local service the user visits, and a second `reelforge serve` in the same
 * browser overwrote the first one's. What a page loads without a header instead: the renderer's
 * static assets (public code, still behind the Host/Origin checks), and `/files/` media through
 * URLs the host hands out signed for that one file (`sig`, an HMAC under the token).
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { newToken, tokensEqual } from '../core/security/token.js';

export { newToken, tokensEqual };

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

/** Where this request carries a token, if anywhere. Query first: that is what the page load uses. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return null;
}

/** Host, Origin and Sec-Fetch-Site: who is asking, whatever they ask for. */
export function checkOrigin(req: IncomingMessage, port: number): AuthVerdict {
  if (!isAllowedHost(req.headers.host, port)) return { ok: false, status: 403, reason: 'Host not allowed' };
  const origin = req.headers.origin;
  if (!isAllowedOrigin(typeof origin === 'string' ? origin : undefined, port)) {
    return { ok: false, status: 403, reason: 'Cross-origin request refused' };
  }
  // Browsers label cross-site subresource loads even where Origin is absent (e.g. <img>).
  if (req.headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'Cross-site request refused' };
  return { ok: true };
}

export function hasToken(req: IncomingMessage, url: URL, token: string): boolean {
  const given = presentedToken(req, url);
  return given !== null && tokensEqual(given, token);
}

export function checkRequest(req: IncomingMessage, url: URL, opts: { token: string; port: number }): AuthVerdict {
  const origin = checkOrigin(req, opts.port);
  if (!origin.ok) return origin;
  if (!hasToken(req, url, opts.token)) return { ok: false, status: 401, reason: 'Missing or wrong token' };
  return { ok: true };
}

/** The `sig` of a `/files/` URL: an HMAC under the token of the file's path in the data folder ('/'-separated, not encoded). */
export function fileSignature(token: string, rel: string): string {
  return createHmac('sha256', token).update(`files:${rel}`).digest('base64url');
}

export function hasFileSignature(url: URL, rel: string, token: string): boolean {
  const sig = url.searchParams.get('sig');
  return sig !== null && tokensEqual(sig, fileSignature(token, rel));
}
