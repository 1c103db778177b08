#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI into build/electron-sqlite/better_sqlite3.node,
 * leaving node_modules/better-sqlite3 (built for Node: tests, CLI, `reelforge serve`) untouched.
 * The desktop app finds the result through REELFORGE_SQLITE_BINDING (main/electron/sqlite-binding.ts),
 * and electron-builder ships it unpacked from the asar (electron-builder.yml).
 *
 * How: copy the installed better-sqlite3 package (it bundles SQLite's source in deps/) to
 * build/electron-sqlite/src, then `node-gyp rebuild --target=<electron version>
 * --dist-url=https://electronjs.org/headers` there — the classic Electron rebuild, in a copy.
 *
 * Needs network access to Electron's headers (electronjs.org), so it is NOT part of the offline
 * install: run `npm run rebuild:electron` once where that host is reachable. Offline alternatives:
 *   ELECTRON_HEADERS_DIR=/path/to/node-headers-for-electron  (passed as --nodedir)
 *   ELECTRON_HEADERS_URL=https://your.mirror/electron/headers (passed as --dist-url)
 * Usage: node scripts/build-electron-sqlite.js [--arch x64|arm64]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const outDir = path.join(root, 'build', 'electron-sqlite');
const srcDir = path.join(outDir, 'src');

function fail(message) {
  process.stderr.write(`build-electron-sqlite: ${message}\n`);
  process.exit(1);
}

function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return fail(`${name} is not installed: run "npm ci" first.`);
  }
}

const argIndex = process.argv.indexOf('--arch');
const arch = argIndex > 0 ? process.argv[argIndex + 1] : process.arch;
const electronVersion = JSON.parse(readFileSync(path.join(packageDir('electron'), 'package.json'), 'utf8')).version;
const sqliteDir = packageDir('better-sqlite3');
const sqliteVersion = JSON.parse(readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;
const nodeGyp = path.join(packageDir('node-gyp'), 'bin', 'node-gyp.js');

process.stdout.write(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${arch})\n`);

// A clean copy without the Node build, so nothing in node_modules changes.
rmSync(srcDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync(sqliteDir, srcDir, { recursive: true, filter: (p) => !p.startsWith(path.join(sqliteDir, 'build')) && !p.includes(`${path.sep}node_modules${path.sep}`) });

const gypArgs = [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--runtime=electron', '--build-from-source'];
if (process.env.ELECTRON_HEADERS_DIR) gypArgs.push(`--nodedir=${process.env.ELECTRON_HEADERS_DIR}`);
else gypArgs.push(`--dist-url=${process.env.ELECTRON_HEADERS_URL ?? 'https://electronjs.org/headers'}`);

// `npm run` exports npm_config_* (e.g. a global nodedir=/usr pointing at *Node's* headers);
// node-gyp would prefer those over --target and build for the wrong ABI, so drop them.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|arch)$/i.test(k)));
const result = spawnSync(process.execPath, gypArgs, {
  cwd: srcDir,
  stdio: 'inherit',
  // Headers go to a cache inside build/, not the user's global node-gyp folder.
  env: { ...env, npm_config_devdir: path.join(outDir, '.gyp') },
});
if (result.status !== 0) {
  fail(`node-gyp failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}). It downloads Electron ${electronVersion}'s headers from ${process.env.ELECTRON_HEADERS_URL ?? 'electronjs.org'}: check network access, or set ELECTRON_HEADERS_DIR to local headers.`);
}

const built = path.join(srcDir, 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(built)) fail(`${built} was not produced.`);
copyFileSync(built, path.join(outDir, 'better_sqlite3.node'));
writeFileSync(path.join(outDir, 'build-info.json'), `${JSON.stringify({ electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch, builtAt: new Date().toISOString() }, null, 2)}\n`);
rmSync(srcDir, { recursive: true, force: true });
process.stdout.write(`Wrote ${path.join(outDir, 'better_sqlite3.node')}\n`);
