/**
 * The creator's own clips (dropped or picked), kept in reelforge.db so they survive a
 * restart and stay usable as backgrounds: adding a clip is the user choosing that path.
 */
import path from 'node:path';
import type { Db } from '../db.js';

export class BackgroundLibrary {
  private readonly insert;
  private readonly all;
  private readonly remove;

  constructor(db: Db, private readonly now: () => number = Date.now) {
    this.insert = db.prepare('INSERT OR IGNORE INTO background_library (path, added_at) VALUES (?, ?)');
    this.all = db.prepare('SELECT path FROM background_library ORDER BY added_at, path');
    this.remove = db.prepare('DELETE FROM background_library WHERE path = ?');
  }

  /** Returns the clips that were not in the library yet. */
  add(paths: readonly string[]): string[] {
    const added: string[] = [];
    for (const p of paths) {
      const abs = path.resolve(p);
      if (this.insert.run(abs, this.now()).changes > 0) added.push(abs);
    }
    return added;
  }

  list(): string[] {
    return (this.all.all() as { path: string }[]).map((r) => r.path);
  }

  delete(p: string): void {
    this.remove.run(path.resolve(p));
  }
}
