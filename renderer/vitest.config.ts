import { defineConfig } from 'vitest/config';

/** Pure renderer tests (store merges, coalescer, formatters, chart math): no DOM needed. */
const rendererDir = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root: rendererDir,
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
