/**
 * DESIGN §7: the privileged side touches only files the user chose (a drop, a dialog, the
 * CLI) and the data folder. A renderer that is compromised can still name any path in a
 * request; this guard is what stops `queue.addJobs({background: '/etc/shadow'})` from
 * feeding arbitrary files to ffmpeg. Paths are compared resolved, so `..` cannot escape.
 */
import path from 'node:path';
import { UserError } from '../errors.js';

export class PathGuard {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  constructor(roots: readonly string[] = []) {
    for (const r of roots) this.allowFolder(r);
  }

  allowFile(p: string): void {
    this.files.add(path.resolve(p));
  }

  allowFolder(p: string): void {
    this.folders.add(path.resolve(p));
  }

  isAllowed(p: string): boolean {
    const abs = path.resolve(p);
    if (this.files.has(abs)) return true;
    for (const root of this.folders) {
      if (abs === root || abs.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return true;
    }
    return false;
  }

  /** Throws a usage error naming the field when `p` was never chosen by the user. */
  check(p: string, field: string): string {
    if (p.startsWith('builtin:')) return p;
    if (!this.isAllowed(p)) {
      throw new UserError('usage', `${path.basename(p)} was not chosen in this session: add it by dropping it on the queue or picking it in a dialog.`, field);
    }
    return path.resolve(p);
  }
}
