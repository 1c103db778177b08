/**
 * DESIGN §7: the privileged side reads only what the user chose (a drop, a dialog, an upload)
 * and the data folder. A renderer that is compromised can still name any path in a request;
 * this guard is what stops `queue.addJobs({background: '/etc/shadow'})` from feeding arbitrary
 * files to ffmpeg. Nothing a page sends ever widens it: grants come from the host itself (the
 * desktop's dialogs and the preload's drop paths; the browser host has none beyond its data
 * folder, where uploads land).
 *
 * Paths are compared by where they really are: `..` resolved, and links followed for the part
 * of the path that exists (a link inside the data folder that leads out is outside). A refusal
 * reads the same whether the path exists or not, so the guard cannot be used to probe the disk.
 */
import { realpathSync, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/** The real location of `p`: its deepest existing ancestor with links followed, plus the rest as written. */
export async function realLocation(p: string): Promise<string> {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(await realpath(dir), ...rest);
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.unshift(path.basename(dir));
    }
  }
}

function realLocationSync(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(realpathSync(dir), ...rest);
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.unshift(path.basename(dir));
    }
  }
}

export function isInside(real: string, folder: string): boolean {
  return real === folder || real.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

export class PathGuard {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  /**
   * @param roots folders readable from the start (the data folder)
   * @param hint how a user adds a file in this host, for the refusal: "drop it on the queue…"
   */
  constructor(roots: readonly string[], private readonly hint: string) {
    for (const r of roots) this.folders.add(realLocationSync(r));
  }

  /**
   * A file or folder the user chose through the host itself (never a string a page sent): it,
   * and everything inside a folder, may be read from now on. A path that is gone grants nothing.
   */
  grant(p: string): void {
    const real = realLocationSync(p);
    try {
      if (statSync(real).isDirectory()) this.folders.add(real);
      else this.files.add(real);
    } catch {
      // nothing there to read
    }
  }

  private allows(real: string): boolean {
    if (this.files.has(real)) return true;
    for (const folder of this.folders) if (isInside(real, folder)) return true;
    return false;
  }

  /** The real path of `p` when the user may read it; otherwise a usage error naming `field` and saying how to add it. */
  async check(p: string, field: string): Promise<string> {
    if (p.startsWith('builtin:')) return p;
    const real = await realLocation(p);
    if (!this.allows(real)) {
      throw new UserError('usage', `${path.basename(p)} was not added in Reelforge: ${this.hint}.`, field);
    }
    return real;
  }
}
