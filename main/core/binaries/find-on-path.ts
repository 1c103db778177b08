/**
 * Where a bare program name is found. PATH first; on macOS also Homebrew's folders, because an
 * app started from the Finder or the Dock gets launchd's PATH (/usr/bin:/bin:/usr/sbin:/sbin)
 * and would never see `brew install ffmpeg` (electron#9047).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const MAC_EXTRA_DIRS = ['/opt/homebrew/bin', '/usr/local/bin'];

/** Pure: the folders searched for a program, in order, without duplicates. */
export function searchDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string[] {
  const delimiter = platform === 'win32' ? ';' : ':';
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter((d) => d !== '');
  if (platform === 'darwin') dirs.push(...MAC_EXTRA_DIRS);
  return [...new Set(dirs)];
}

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The first file named `name` (`name.exe` on Windows) in searchDirs, or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const exts = platform === 'win32' ? ['.exe', ''] : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of searchDirs(env, platform)) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (isFile(candidate)) return candidate;
    }
  }
  return null;
}
