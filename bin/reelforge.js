#!/usr/bin/env node
// The `reelforge` command: a thin launcher for the compiled CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/main/cli/index.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('reelforge: the CLI is not built yet: run "npm run build" in the Reelforge folder.\n');
  process.exit(2);
}
const { runProcess } = await import(pathToFileURL(entry).href);
await runProcess(process.argv.slice(2));
