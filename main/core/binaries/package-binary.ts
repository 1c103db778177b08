/**
 * The binaries of `ffmpeg-static` and `@derhuerst/ffprobe-static` (optional dependencies, one
 * repository, per-platform downloads at install time), found without running the packages' code:
 * both only export a path, built by one rule from their package.json (`<pkg>[<pkg>]
 * ['executable-base-name']` next to package.json, `.exe` on Windows, null on an unsupported
 * platform/arch). Resolving package.json with createRequire, rather than `import('ffmpeg-static')`,
 * also keeps bundlers from inlining the package: electron-vite did, and the inlined `__dirname`
 * pointed into out/main/chunks, where no binary is (desktop-review D1).
 *
 * In a packaged app the package sits in app.asar, but a binary cannot run from inside the
 * archive: electron-builder unpacks it to app.asar.unpacked (asarUnpack), so the path is mapped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type BinaryPackage = 'ffmpeg-static' | '@derhuerst/ffprobe-static';

/** Platforms and architectures the packages publish binaries for (their index.js). */
const PUBLISHED: Readonly<Record<string, readonly string[]>> = {
  darwin: ['x64', 'arm64'],
  freebsd: ['x64'],
  linux: ['x64', 'ia32', 'arm64', 'arm'],
  win32: ['x64', 'ia32'],
};

interface PackageJson {
  name?: unknown;
  [key: string]: unknown;
}

/** Pure: the binary the package at `pkgDir` provides for this platform, or null (the package's own rule). */
export function binaryInPackage(pkgDir: string, pkg: PackageJson, platform: NodeJS.Platform, arch: string, env: NodeJS.ProcessEnv = {}): string | null {
  const config = typeof pkg.name === 'string' ? (pkg[pkg.name] as Record<string, unknown> | undefined) : undefined;
  const envVar = config?.['binary-path-env-var'];
  // The packages honour e.g. FFMPEG_BIN / FFPROBE_BIN over their own download.
  if (typeof envVar === 'string' && env[envVar]) return env[envVar] ?? null;
  const base = config?.['executable-base-name'];
  if (typeof base !== 'string' || base === '' || /[\\/]/.test(base)) return null;
  if (!PUBLISHED[platform]?.includes(arch)) return null;
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(pkgDir, platform === 'win32' ? `${base}.exe` : base);
}

/** Pure: a path inside app.asar mapped to its unpacked copy (binaries cannot run from the archive). */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export interface PackageBinaryOptions {
  /** Where resolution starts (a file URL or path); this module's own location by default. */
  from?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
}

/** The package's binary if the package is installed and its download happened; otherwise null. */
export function packageBinary(name: BinaryPackage, opts: PackageBinaryOptions = {}): string | null {
  let manifest: string;
  try {
    manifest = createRequire(opts.from ?? import.meta.url).resolve(`${name}/package.json`);
  } catch {
    return null; // not installed (it is optional)
  }
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson;
  } catch {
    return null;
  }
  const bin = binaryInPackage(path.dirname(manifest), pkg, opts.platform ?? process.platform, opts.arch ?? process.arch, opts.env ?? process.env);
  if (bin === null) return null;
  const runnable = outsideAsar(bin);
  return existsSync(runnable) ? runnable : null;
}
