/**
 * Deleting a finished video from the Library, with undo. A delete hides the video at once
 * (every job that rendered that mp4: a repeated request writes the same files) and removes its
 * files and rows only when the undo window ends. The pending state lives in reelforge.db
 * (`jobs.deleted_at`), not in a timer alone, so a quit or a crash inside the window still
 * finishes the delete at the next start, and an undo in time loses nothing.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BatchQueue } from '../batch/queue.js';
import { UserError } from '../errors.js';

export const UNDO_WINDOW_MS = 8000;

export interface VideoDeletionsOptions {
  queue: BatchQueue;
  undoMs?: number;
  now?: () => number;
  warn?: (line: string) => void;
}

export class VideoDeletions {
  private readonly undoMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private purging: Promise<number> = Promise.resolve(0);

  constructor(private readonly o: VideoDeletionsOptions) {
    this.undoMs = o.undoMs ?? UNDO_WINDOW_MS;
    this.now = o.now ?? Date.now;
  }

  /** Hides the job's video now; its files go when the undo window ends. */
  delete(jobId: string): { jobId: string; undoMs: number } {
    const { repo } = this.o.queue;
    const job = repo.getJob(jobId);
    if (!job || job.status !== 'done' || !job.output) throw new UserError('usage', 'Only finished videos can be deleted from the Library.', 'jobId');
    const ids = repo.markDeleted(job.output.mp4, this.now());
    if (ids.length === 0) throw new UserError('usage', `"${job.title}" is already deleted.`, 'jobId');
    this.o.queue.announceRemoved(ids);
    this.schedule();
    return { jobId, undoMs: this.undoMs };
  }

  /** Undo: the video and every job that made it come back, if the window has not ended. */
  restore(jobId: string): void {
    const { repo } = this.o.queue;
    const job = repo.getJob(jobId);
    if (!job?.output) throw new UserError('usage', 'That video was already deleted for good: its undo window has ended.', 'jobId');
    for (const id of repo.unmarkDeleted(job.output.mp4)) this.o.queue.announceJob(id);
  }

  /** Removes the files and rows of every delete whose window has ended. Returns how many jobs went. */
  purgeDue(): Promise<number> {
    // One purge at a time: two would race on the same files.
    this.purging = this.purging.then(() => this.purge(this.now() - this.undoMs), () => this.purge(this.now() - this.undoMs));
    return this.purging;
  }

  /** At start: deletes a crash left pending are finished when their window ends. */
  resume(): void {
    if (this.o.queue.repo.deletedBefore(Number.POSITIVE_INFINITY).length > 0) this.schedule();
  }

  /** Finishes every pending delete now (a quit inside the window honours the delete). */
  async close(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.purging.catch(() => 0);
    await this.purge(Number.POSITIVE_INFINITY);
  }

  private async purge(cutoff: number): Promise<number> {
    const { repo } = this.o.queue;
    const due = repo.deletedBefore(cutoff);
    const files = new Set<string>();
    for (const job of due) {
      repo.purge(job.id);
      if (!job.output) continue;
      files.add(job.output.mp4);
      files.add(job.output.thumbnail);
      const outputs = job.manifest?.outputs;
      // Only the files written next to this mp4 (srt, manifest): nothing outside its folder.
      for (const f of outputs ? [outputs.srt, outputs.json] : []) if (path.dirname(f) === path.dirname(job.output.mp4)) files.add(f);
    }
    const mp4s = new Set(due.flatMap((j) => (j.output ? [j.output.mp4] : [])));
    for (const mp4 of mp4s) {
      // A job made since the delete (the same request again) owns these files now.
      if (repo.mp4InUse(mp4)) for (const f of [...files]) if (path.dirname(f) === path.dirname(mp4) && stem(f) === stem(mp4)) files.delete(f);
    }
    for (const f of files) {
      await rm(f, { force: true }).catch((err: unknown) => this.o.warn?.(`could not delete ${f}: ${err instanceof Error ? err.message : String(err)}`));
    }
    return due.length;
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.purgeDue().then(() => {
        if (this.o.queue.repo.deletedBefore(Number.POSITIVE_INFINITY).length > 0) this.schedule();
      });
    }, this.undoMs + 50);
    this.timer.unref?.();
  }
}

function stem(file: string): string {
  return path.join(path.dirname(file), path.basename(file, path.extname(file)));
}
