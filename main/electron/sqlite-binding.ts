/**
 * better-sqlite3 is a native addon: the copy in node_modules is built for Node's ABI (tests,
 * CLI, `reelforge serve`) and will not load in Electron, which has its own. Rebuilding it in place
 * would break the Node side, so `npm run rebuild:electron` (scripts/build-electron-sqlite.js)
 * builds a second copy into build/electron-sqlite/better_sqlite3.node, and the packaged app ships
 * it unpacked from the asar. This points the core at that copy through REELFORGE_SQLITE_BINDING,
 * which the core passes to better-sqlite3 as `nativeBinding` when it opens a database. It must
 * run before Engine.open.
 */
import { app } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';

const BINDING_REL = path.join('build', 'electron-sqlite', 'better_sqlite3.node');

/** Returns the binding in use, or null (then better-sqlite3's own build is tried and must match). */
export function configureSqliteBinding(appRoot: string): string | null {
  if (process.env.REELFORGE_SQLITE_BINDING) return process.env.REELFORGE_SQLITE_BINDING;
  const candidates = app.isPackaged
    ? [path.join(process.resourcesPath, 'app.asar.unpacked', BINDING_REL)]
    : [path.join(appRoot, BINDING_REL)];
  const found = candidates.find((c) => existsSync(c)) ?? null;
  if (found !== null) process.env.REELFORGE_SQLITE_BINDING = found;
  return found;
}
