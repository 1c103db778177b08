/**
 * What the default session allows (security checklist #5 and #4):
 * - permissions: only fullscreen (the <video> player's button goes through these handlers as
 *   `fullscreen` / `automatic-fullscreen`, desktop-review D5), and only for our own pages; camera,
 *   notifications from the page, geolocation, … are all refused;
 * - dev-server pages (`npm start`) get the dev CSP as a header too, since a page must pass both
 *   the header and its meta policy (main/host/dev-csp.ts); app:// responses carry their own CSP.
 */
import type { Session } from 'electron';
import { devContentSecurityPolicy } from '../host/dev-csp.js';
import { APP_ORIGIN } from './app-origin.js';

const PAGE_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'automatic-fullscreen']);

/** Pure: may a page at `url` have `permission`? */
export function permissionAllowed(permission: string, url: string | undefined, isTrustedUrl: (url: string) => boolean): boolean {
  if (!PAGE_PERMISSIONS.has(permission) || !url) return false;
  // Check handlers pass an origin ("app://reelforge"), request handlers a full URL.
  return isTrustedUrl(url) || isTrustedUrl(`${url.replace(/\/$/, '')}/`);
}

/** Pure: the CSP header for a dev-server page, or null (no nonce: the page's meta policy governs). */
export function devServerCsp(productionCsp: string, pageUrl: string, nonce: string | undefined): string | null {
  if (!nonce) return null;
  return devContentSecurityPolicy(productionCsp, { nonce, devServerOrigin: new URL(pageUrl).origin, mediaOrigin: APP_ORIGIN });
}

export interface SessionPolicyOptions {
  isTrustedUrl(url: string): boolean;
  isDevServerUrl(url: string): boolean;
  productionCsp: string;
  /** Set by electron.vite.config.ts's devCspPlugin for `npm start`. */
  devNonce: string | undefined;
}

/** Applies to the default session once, before the first window. */
export function hardenSession(ses: Session, o: SessionPolicyOptions): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl, o.isTrustedUrl)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin, o.isTrustedUrl));
  ses.webRequest.onHeadersReceived((details, callback) => {
    const csp = o.isDevServerUrl(details.url) ? devServerCsp(o.productionCsp, details.url, o.devNonce) : null;
    if (csp === null) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
