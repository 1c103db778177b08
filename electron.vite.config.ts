/**
 * `electron-vite build` (default --outDir out) → out/main (main process + media worker), out/preload (sandboxed
 * preload), out/renderer (the same renderer `npm run build:renderer` builds for the browser host).
 *
 * - main: ESM (package.json is "type": "module"); dependencies stay external (externalizeDeps,
 *   on by default) so better-sqlite3's native addon loads from node_modules / app.asar.unpacked.
 *   ffmpeg-static and @derhuerst/ffprobe-static are never imported: main/core/binaries/
 *   package-binary.ts reads their package.json through createRequire, so nothing can be inlined
 *   with a wrong __dirname (desktop-review D1). That module gets its own chunk, which the build
 *   checks run against a fake install. The media worker is a second entry so utilityProcess.fork
 *   gets a real file (out/main/media-worker.js) in dev and packaged builds alike.
 * - preload: CommonJS, one self-contained file (out/preload/index.cjs) — a sandboxed preload can
 *   neither be ESM nor require anything but `electron`.
 * - renderer: mirrors renderer/vite.config.ts (root, relative base, no modulepreload polyfill,
 *   which would be an inline script the CSP forbids). Keep the two in step. Under `npm start`
 *   only, devCspPlugin relaxes the CSP by exactly what the dev server needs (desktop-review D4).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { APP_ORIGIN } from './main/electron/app-origin.js';
import { devContentSecurityPolicy } from './main/host/dev-csp.js';

const root = fileURLToPath(new URL('.', import.meta.url));

const META_CSP = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/**
 * Dev server only: a nonce on every script and style Vite serves or injects (html.cspNonce), and
 * the page's meta CSP rewritten to the dev policy (main/host/dev-csp.ts). electron-vite starts
 * Electron from this process with its environment, so REELFORGE_DEV_CSP_NONCE lets the main
 * process send the same policy as a header (both must pass).
 */
export function devCspPlugin(nonce = randomBytes(18).toString('base64')): Plugin {
  return {
    name: 'reelforge:dev-csp',
    apply: 'serve',
    config() {
      process.env.REELFORGE_DEV_CSP_NONCE = nonce;
      return { html: { cspNonce: nonce } };
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const origin = ctx.server?.resolvedUrls?.local[0] ?? process.env.ELECTRON_RENDERER_URL;
        if (!origin || !META_CSP.test(html)) throw new Error('reelforge:dev-csp: no dev server origin or no CSP meta tag in index.html');
        return html.replace(META_CSP, (_m, open: string, policy: string, close: string) => `${open}${devContentSecurityPolicy(policy, { nonce, devServerOrigin: new URL(origin).origin, mediaOrigin: APP_ORIGIN })}${close}`);
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(root, 'main/electron/index.ts'),
          'media-worker': resolve(root, 'workers/media-worker.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          codeSplitting: { groups: [{ name: 'package-binary', test: /main[\\/]core[\\/]binaries[\\/]package-binary/ }] },
          // Readable export names, so the build checks can call the chunk's packageBinary.
          minifyInternalExports: false,
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), devCspPlugin()],
    build: {
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      modulePreload: { polyfill: false },
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
