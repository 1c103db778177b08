import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer build. Run from the repo root: `vite build --config renderer/vite.config.ts`.
 * `base: './'` keeps asset URLs relative so the same output loads from file:// (Electron)
 * and from the browser host at `/`.
 */

// This folder as a file-system path, without Node types (the renderer tsconfig has none).
const rendererDir = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root: rendererDir,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${rendererDir}/../out/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The polyfill would be injected as an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
  },
  server: { strictPort: true },
});
