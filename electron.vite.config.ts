/**
 * `electron-vite build` (default --outDir out) → out/main (main process + media worker), out/preload (sandboxed
 * preload), out/renderer (the same renderer `npm run build:renderer` builds for the browser host).
 *
 * - main: ESM (package.json is "type": "module"); dependencies stay external (externalizeDeps,
 *   on by default) so better-sqlite3's native addon and ffmpeg-static load from node_modules /
 *   app.asar.unpacked. The media worker is a second entry so utilityProcess.fork gets a real file
 *   (out/main/media-worker.js) in dev and packaged builds alike.
 * - preload: CommonJS, one self-contained file (out/preload/index.cjs) — a sandboxed preload can
 *   neither be ESM nor require anything but `electron`.
 * - renderer: mirrors renderer/vite.config.ts (root, relative base, no modulepreload polyfill,
 *   which would be an inline script the CSP forbids). Keep the two in step.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(root, 'main/electron/index.ts'),
          'media-worker': resolve(root, 'workers/media-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
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
    plugins: [react()],
    build: {
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      modulePreload: { polyfill: false },
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
