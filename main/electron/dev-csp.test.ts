/**
 * `npm start` showed a blank window (desktop-review D4): the React refresh preamble is an inline
 * script and Vite injects <style> tags, both blocked by the production CSP. The dev policy adds a
 * nonce and the dev server's websocket, nothing else; production keeps its policy (build-output.test.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { devCspPlugin } from '../../electron.vite.config.js';
import { devContentSecurityPolicy } from '../host/dev-csp.js';
import { contentSecurityPolicy } from '../host/static-files.js';

/** The desktop app's production policy (app-protocol.ts DESKTOP_CSP), without importing electron. */
const DESKTOP_CSP = contentSecurityPolicy(null);

const NONCE = 'c2VjcmV0LW5vbmNlLXZhbHVl';
const opts = { nonce: NONCE, devServerOrigin: 'http://localhost:5173', mediaOrigin: 'app://reelforge' };

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((p) => p.trim().split(/\s+/)).filter((p) => p[0]).map(([n, ...v]) => [n!, v]));
}

describe('devContentSecurityPolicy (pure)', () => {
  it('adds a nonce to scripts and styles, the HMR websocket and app:// media, and nothing else', () => {
    const prod = directives(DESKTOP_CSP);
    const dev = directives(devContentSecurityPolicy(DESKTOP_CSP, opts));
    expect(dev.get('script-src')).toEqual(["'self'", `'nonce-${NONCE}'`]);
    expect(dev.get('style-src')).toEqual(["'self'", `'nonce-${NONCE}'`]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(dev.get('img-src')).toEqual([...prod.get('img-src')!, 'app://reelforge']);
    expect(dev.get('media-src')).toEqual([...prod.get('media-src')!, 'app://reelforge']);
    for (const name of ['default-src', 'object-src', 'base-uri', 'form-action', 'frame-ancestors', 'font-src']) expect(dev.get(name)).toEqual(prod.get(name));
    expect([...dev.values()].flat()).not.toContain("'unsafe-inline'");
    expect([...dev.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('refuses a weak nonce', () => {
    expect(() => devContentSecurityPolicy(DESKTOP_CSP, { ...opts, nonce: 'abc' })).toThrow(/nonce/);
  });
});

describe('the dev server page (electron-vite dev renderer, with devCspPlugin)', () => {
  let server: ViteDevServer | null = null;
  afterAll(async () => {
    await server?.close();
  });

  it('serves index.html whose every inline script carries the nonce its meta CSP allows', async () => {
    server = await createServer({
      configFile: false,
      root: path.resolve('renderer'),
      base: './',
      plugins: [react(), devCspPlugin(NONCE)],
      server: { port: 0, strictPort: false, host: '127.0.0.1' },
      logLevel: 'silent',
    });
    await server.listen();
    const origin = server.resolvedUrls?.local[0] ?? '';
    const html = await (await fetch(origin)).text();
    const policy = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1] ?? '';
    const d = directives(policy);
    expect(d.get('script-src')).toContain(`'nonce-${NONCE}'`);
    expect(d.get('style-src')).toContain(`'nonce-${NONCE}'`);
    expect(d.get('connect-src')).toContain(`ws://${new URL(origin).host}`);
    // The React refresh preamble (inline) and Vite's client both run under the nonce.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.some((s) => !/\ssrc=/.test(s))).toBe(true);
    for (const tag of scripts) expect(tag).toContain(`nonce="${NONCE}"`);
    // Vite's client reads this to put the nonce on the <style> tags it injects for CSS imports.
    expect(html).toMatch(new RegExp(`<meta[^>]*property="csp-nonce"[^>]*nonce="${NONCE}"`));
  });

  const chromiumPath = process.env.REELFORGE_CHROMIUM ?? '/usr/bin/chromium';
  // The window itself: a real Chromium renders the dev page with no CSP violation (where one is installed).
  it.skipIf(!existsSync(chromiumPath))(`renders in Chromium with no CSP violation (needs ${chromiumPath})`, async () => {
    const origin = server?.resolvedUrls?.local[0];
    expect(origin).toBeDefined();
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--headless', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|can't detect preamble/i.test(m.text())) violations.push(m.text());
      });
      // Page code as strings: this file is type-checked without the DOM library.
      await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));" });
      await page.goto(origin!);
      await page.waitForFunction("(document.getElementById('root')?.childElementCount ?? 0) > 0", undefined, { timeout: 30_000 });
      // Styles arrived through Vite's injected <style nonce> tags.
      expect(await page.evaluate("document.querySelectorAll('style[nonce]').length")).toBeGreaterThan(0);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
