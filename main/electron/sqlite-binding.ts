/**
 * better-sqlite3 is a native addon: the copy in node_modules is built for Node's ABI (tests,
 * CLI, `reelforge serve`) and will not load in Electron, which has its own. Rebuilding it in place
 * would break the Node side, so `npm run rebuild:electron` (scripts/build-electron-sqlite.js)
 * builds a second copy into build/electron-sqlite/better_sqlite3.node, and the packaged app ships
 * it unpacked from the asar (packaging refuses to run without it: scripts/check-electron-sqlite.js).
 * This points the core at that copy through REELFORGE_SQLITE_BINDING, which the core passes to
 * better-sqlite3 as `nativeBinding` when it opens a database. It must run before Engine.open.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SQLITE_BINDING_REL = path.join('build', 'electron-sqlite', 'better_sqlite3.node');

export interface BindingContext {
  isPackaged: boolean;
  /** process.resourcesPath of the packaged app. */
  resourcesPath: string;
  /** Where package.json is, unpackaged. */
  appRoot: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The binding in use. Unpackaged without a build, null: node_modules' own better-sqlite3 is tried
 * and must match Electron's ABI. Packaged without one, an error saying so — the app cannot work,
 * and "NODE_MODULE_VERSION 127" is not something a creator can act on (desktop-review D2).
 */
export function configureSqliteBinding(ctx: BindingContext): string | null {
  const fromEnv = ctx.env.REELFORGE_SQLITE_BINDING;
  if (fromEnv) return fromEnv;
  const candidate = ctx.isPackaged ? path.join(ctx.resourcesPath, 'app.asar.unpacked', SQLITE_BINDING_REL) : path.join(ctx.appRoot, SQLITE_BINDING_REL);
  if (existsSync(candidate)) {
    ctx.env.REELFORGE_SQLITE_BINDING = candidate;
    return candidate;
  }
  if (ctx.isPackaged) throw new Error(`This copy of Reelforge is missing its SQLite module for Electron (${candidate}).`);
  return null;
}
