/**
 * Packaging refuses to run without an Electron-ABI better-sqlite3 build for the target
 * (desktop-review D2, R4): electron-builder.yml runs this as its `beforePack` hook, once per
 * platform/arch it packs. The build (`npm run rebuild:electron`) writes
 * build/electron-sqlite/build-info.json next to the binding; it must name the Electron version,
 * platform and architecture being packed. A missing or mismatched build would otherwise ship an
 * app that dies at start with NODE_MODULE_VERSION errors.
 *
 * Cross-building is refused too: ffmpeg-static, @derhuerst/ffprobe-static and the binding are
 * downloaded or built for the machine that ran npm install, so each target is packed on its own
 * OS and architecture (the release workflow does exactly that).
 *
 * Also used by the e2e suite to skip the electron project with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** electron-builder's Arch enum (builder-util): the `arch` a hook context carries. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * Pure: what is wrong with a build for a target, as sentences (empty: nothing).
 * @param {{ electron?: unknown; platform?: unknown; arch?: unknown } | null} info build-info.json, or null when absent
 * @param {{ electron: string; platform: string; arch: string }} target
 * @param {{ hostPlatform: string; hostArch: string; bindingExists: boolean }} host
 * @returns {string[]}
 */
export function electronSqliteProblems(info, target, host) {
  const fix = `run "npm run rebuild:electron" on a ${target.platform}-${target.arch} machine`;
  const problems = [];
  if (target.arch === 'universal') problems.push('a universal macOS build needs both architectures\' native modules: pack x64 and arm64 separately');
  if (target.platform !== host.hostPlatform || target.arch !== host.hostArch) {
    problems.push(`cannot pack ${target.platform}-${target.arch} on ${host.hostPlatform}-${host.hostArch}: the SQLite module, ffmpeg and ffprobe are built or downloaded for this machine; pack each target on its own OS and architecture`);
  }
  if (!host.bindingExists || info === null) {
    problems.push(`build/electron-sqlite/better_sqlite3.node or its build-info.json is missing: ${fix}`);
    return problems;
  }
  const mismatched = ['electron', 'platform', 'arch'].filter((k) => info[k] !== target[k]);
  if (mismatched.length > 0) {
    const built = `Electron ${String(info.electron)} ${String(info.platform)}-${String(info.arch)}`;
    problems.push(`the Electron SQLite module was built for ${built}, not Electron ${target.electron} ${target.platform}-${target.arch}: ${fix}`);
  }
  return problems;
}

/**
 * Reads build/electron-sqlite under `root` and checks it against `target`.
 * @param {string} root
 * @param {{ electron: string; platform: string; arch: string }} target
 * @returns {string[]}
 */
export function checkElectronSqlite(root, target) {
  const dir = path.join(root, 'build', 'electron-sqlite');
  let info = null;
  try {
    info = JSON.parse(readFileSync(path.join(dir, 'build-info.json'), 'utf8'));
  } catch {
    info = null;
  }
  return electronSqliteProblems(info, target, { hostPlatform: process.platform, hostArch: process.arch, bindingExists: existsSync(path.join(dir, 'better_sqlite3.node')) });
}

/**
 * electron-builder `beforePack` hook.
 * @param {{ electronPlatformName: string; arch: number; packager: { info: { framework: { version: string }; projectDir: string } } }} context
 */
export async function beforePack(context) {
  const target = { electron: context.packager.info.framework.version, platform: context.electronPlatformName, arch: ARCH_NAMES[context.arch] ?? String(context.arch) };
  const problems = checkElectronSqlite(context.packager.info.projectDir, target);
  if (problems.length > 0) throw new Error(`Packaging stopped: ${problems.join('; ')}.`);
}

export default beforePack;
